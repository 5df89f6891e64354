/**
 * Vert.x Web adapter of the apisec JWT library: {@link io.apisec.jwt.vertx.JwtAuthHandler}.
 */
package io.apisec.jwt.vertx;
