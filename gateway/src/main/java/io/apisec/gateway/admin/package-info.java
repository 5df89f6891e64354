/** The gateway's admin listener: health, readiness, metrics, deny-list changes and reloads, behind admin JWTs. */
package io.apisec.gateway.admin;
