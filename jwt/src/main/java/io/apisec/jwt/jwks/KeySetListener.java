package io.apisec.jwt.jwks;

import java.util.Set;

/**
 * Told when a fetch brings a key set that differs from the one held before (and after the first
 * fetch). Called on the fetching thread while other validations may wait for it: keep it quick.
 */
@FunctionalInterface
public interface KeySetListener {

    /**
     * @param added   key ids that are new in the set
     * @param removed key ids that left the set; tokens signed by them no longer validate
     */
    void keySetChanged(Set<String> added, Set<String> removed);
}
