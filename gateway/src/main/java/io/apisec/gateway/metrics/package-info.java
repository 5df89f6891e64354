/** The gateway's Prometheus metrics, served by the admin listener. */
package io.apisec.gateway.metrics;
