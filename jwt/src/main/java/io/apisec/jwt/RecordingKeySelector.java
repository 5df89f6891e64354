package io.apisec.jwt;

import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.proc.JWSKeySelector;
import com.nimbusds.jose.proc.SecurityContext;

import java.security.Key;
import java.util.List;

/** Nimbus's allow-list key selector, noting in the {@link ValidationContext} when no key matched. */
final class RecordingKeySelector implements JWSKeySelector<SecurityContext> {

    private final JWSKeySelector<SecurityContext> delegate;

    RecordingKeySelector(JWSKeySelector<SecurityContext> delegate) {
        this.delegate = delegate;
    }

    @Override
    public List<? extends Key> selectJWSKeys(JWSHeader header, SecurityContext context) throws KeySourceException {
        List<? extends Key> keys = delegate.selectJWSKeys(header, context);
        if (keys.isEmpty() && context instanceof ValidationContext validation) {
            validation.markNoMatchingKey();
        }
        return keys;
    }
}
