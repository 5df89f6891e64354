/** What gateway nodes share through Redis: Lua scripts, the subscription to the channels. */
package io.apisec.gateway.shared;
