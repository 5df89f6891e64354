/**
 * The token server's configuration: one YAML file, overridable from the environment, bound once into
 * immutable records and validated field by field, so that a bad value stops the server at start with a
 * message naming the file, line, key and value instead of surfacing later as a wrong token.
 *
 * <p>Entry point: {@link io.apisec.tokenserver.config.TokenServerConfig#load}. Everything else that is not a
 * record, an enum, {@link io.apisec.tokenserver.config.Secret} or
 * {@link io.apisec.tokenserver.config.ConfigException} is package-private machinery.
 */
package io.apisec.tokenserver.config;
