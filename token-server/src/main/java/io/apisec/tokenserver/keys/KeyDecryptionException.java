package io.apisec.tokenserver.keys;

/** A stored private key cannot be decrypted: wrong master key, or tampered storage. The server must not start. */
public final class KeyDecryptionException extends Exception {

    private static final long serialVersionUID = 1L;

    public KeyDecryptionException(String message) {
        super(message);
    }
}
