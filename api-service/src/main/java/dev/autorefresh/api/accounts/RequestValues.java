package dev.autorefresh.api.accounts;

import java.math.BigInteger;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.deser.jdk.StringDeserializer;

/** How two request fields are read where no plain JSON type says it: the guide's flag, and null versus absent. */
final class RequestValues {

    private RequestValues() {
    }

    /** The guide's flag: 1, 0, true or false, and nothing else ({@code 2}, {@code "1"} and {@code 1.0} are not). */
    static final class Flag extends ValueDeserializer<Boolean> {
        @Override
        public Boolean deserialize(JsonParser parser, DeserializationContext context) {
            switch (parser.currentToken()) {
                case VALUE_TRUE:
                    return true;
                case VALUE_FALSE:
                    return false;
                case VALUE_NUMBER_INT:
                    BigInteger number = parser.getBigIntegerValue();
                    if (number.equals(BigInteger.ONE) || number.equals(BigInteger.ZERO)) {
                        return number.equals(BigInteger.ONE);
                    }
                    break;
                default:
                    break;
            }
            return context.reportInputMismatch(this, "not a flag");
        }
    }

    /** JSON {@code null} reads as {@code ""} (both clear), while an absent field stays null (refused). */
    static final class NullIsEmpty extends StringDeserializer {
        @Override
        public Object getNullValue(DeserializationContext context) {
            return "";
        }

        @Override
        public Object getAbsentValue(DeserializationContext context) {
            return null;
        }
    }
}
