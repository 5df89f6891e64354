package io.apisec.tokenserver.config;

/** Spells key paths the way messages and the line index name them: {@code clients[1].token-format}. */
final class KeyPath {

    private KeyPath() {
    }

    static String child(String parent, String key) {
        return parent.isEmpty() ? key : parent + "." + key;
    }

    static String element(String list, int index) {
        return list + "[" + index + "]";
    }

    /** The enclosing path: {@code clients[1]} for {@code clients[1].id}, {@code clients} for {@code clients[1]}. */
    static String parent(String path) {
        int cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
        return cut < 0 ? "" : path.substring(0, cut);
    }
}
