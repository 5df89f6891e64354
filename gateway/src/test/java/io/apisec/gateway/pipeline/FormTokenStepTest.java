package io.apisec.gateway.pipeline;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FormTokenStepTest {

    @Test
    void everySpellingOfAnAccessTokenFieldIsFound() {
        for (String form : new String[] {"access_token=T", "a=1&ACCESS_TOKEN=T", "a=1;access_token=T",
                "x=#&access_token=T", "a=1&access%5Ftoken=T", "access_token[]=T", "access_token%00=T",
                "%00access_token=T", " access_token =T", "access_token", "a=%zz&b=1" + "&access_token=T"}) {
            assertThat(FormTokenStep.carriesAccessToken(form)).as(form).isTrue();
        }
        assertThat(FormTokenStep.carriesAccessToken("a=&".repeat(20_000) + "access_token=T"))
                .as("no count of fields ends the scan").isTrue();
        assertThat(FormTokenStep.carriesAccessToken("a=%zz")).as("a name that does not decode").isFalse();
        assertThat(FormTokenStep.carriesAccessToken("%zz=1")).as("a name that does not decode counts").isTrue();
    }

    @Test
    void aFormWithoutOneIsLeftAlone() {
        for (String form : new String[] {"", "item=7&qty=2", "token=x", "my_access_token=x", "a=access_token"}) {
            assertThat(FormTokenStep.carriesAccessToken(form)).as(form).isFalse();
        }
    }
}
