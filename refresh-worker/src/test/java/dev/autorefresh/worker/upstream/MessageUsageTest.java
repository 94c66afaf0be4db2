package dev.autorefresh.worker.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.json.JsonMapper;

class MessageUsageTest {

    private final JsonMapper json = JsonMapper.builder().build();

    private MessageUsage read(String body) {
        return MessageUsage.read(json, body == null ? null : body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsTheTokensOfAMessagesApiAnswer() {
        MessageUsage usage = read("""
                {"id":"msg_1","type":"message","content":[{"type":"text","text":"Hi"}],
                 "usage":{"input_tokens":14,"cache_creation_input_tokens":0,"output_tokens":10}}""");

        assertThat(usage).isEqualTo(new MessageUsage(14, 10));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "not json", "{}", "{\"usage\":null}", "{\"usage\":{\"input_tokens\":\"12\"}}",
            "{\"usage\":{\"input_tokens\":-1,\"output_tokens\":1.5}}", "[1,2]"})
    void anAnswerThatDoesNotSayItsCostIsAnUnknownCostNotAnError(String body) {
        assertThat(read(body)).isEqualTo(MessageUsage.UNKNOWN);
    }

    @Test
    void oneCountMissingLeavesOnlyThatOneUnknown() {
        assertThat(read("{\"usage\":{\"output_tokens\":10}}")).isEqualTo(new MessageUsage(null, 10));
    }
}
