package io.apisec.jwt.servlet;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import static io.apisec.jwt.servlet.BearerRequestConverter.ACCESS_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

/** The query and content-type parsing that decides whether a request carries a token outside the header. */
class BearerRequestConverterTest {

    @ParameterizedTest
    @ValueSource(strings = {"access_token=abc", "page=2&access_token=abc", "access_token=", "access_token",
            "access_token&page=2", "access%5Ftoken=abc", "access%5ftoken=abc", "a=1&&access_token=x=y"})
    void queryWithAccessTokenParameterIsFound(String query) {
        assertThat(BearerRequestConverter.hasParameter(query, ACCESS_TOKEN)).isTrue();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"search=access_token", "access_tokens=1", "my_access_token=1", "access+token=1",
            "access_token%=1", "access_token%zz=1", "Access_Token=1", "&", "="})
    void queryWithoutAccessTokenParameterIsNotFound(String query) {
        assertThat(BearerRequestConverter.hasParameter(query, ACCESS_TOKEN)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/x-www-form-urlencoded", "application/x-www-form-urlencoded; charset=UTF-8",
            "Application/X-WWW-Form-URLEncoded;charset=utf-8", " application/x-www-form-urlencoded ;q=1"})
    void formMediaTypeIsRecognisedIgnoringCaseAndParameters(String contentType) {
        assertThat(BearerRequestConverter.isFormContent(contentType)).isTrue();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"application/json", "multipart/form-data; boundary=x", "text/plain",
            "application/x-www-form-urlencoded-extra", "application/json; x=application/x-www-form-urlencoded"})
    void otherMediaTypesAreNotForms(String contentType) {
        assertThat(BearerRequestConverter.isFormContent(contentType)).isFalse();
    }
}
