package io.apisec.cli.demo;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Where the demo's services listen, all on loopback, each port with the option that changes it. */
record DemoPorts(int gateway, int gatewayAdmin, int tokenServer, int tokenServerAdmin, int orders, int inventory) {

    /** Each port by the option that sets it. */
    Map<String, Integer> byOption() {
        Map<String, Integer> ports = new LinkedHashMap<>();
        ports.put("--gateway-port", gateway);
        ports.put("--gateway-admin-port", gatewayAdmin);
        ports.put("--token-server-port", tokenServer);
        ports.put("--token-server-admin-port", tokenServerAdmin);
        ports.put("--orders-port", orders);
        ports.put("--inventory-port", inventory);
        return ports;
    }

    /** The first port given to two services, as a message naming both options. */
    Optional<String> firstRepeated() {
        Map<Integer, String> seen = new LinkedHashMap<>();
        for (Map.Entry<String, Integer> port : byOption().entrySet()) {
            String before = seen.putIfAbsent(port.getValue(), port.getKey());
            if (before != null) {
                return Optional.of(before + " and " + port.getKey() + " are both " + port.getValue()
                        + ": give each service a port of its own");
            }
        }
        return Optional.empty();
    }

    /** The first port already taken, as a message that names it and the option to change it. */
    Optional<String> firstInUse() {
        for (Map.Entry<String, Integer> port : byOption().entrySet()) {
            if (!free(port.getValue())) {
                return Optional.of("Port " + port.getValue() + " on 127.0.0.1 is in use (is a demo already running?):"
                        + " stop what uses it, or choose another with " + port.getKey() + " PORT");
            }
        }
        return Optional.empty();
    }

    private static boolean free(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException taken) {
            return false;
        }
    }
}
