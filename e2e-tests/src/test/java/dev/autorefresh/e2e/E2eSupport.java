package dev.autorefresh.e2e;

import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;

/** Small shared bits of the end-to-end tests. */
final class E2eSupport {

    static final Set<String> GUIDE_PROMPTS = Set.of(
            "Write a hello world program in Python",
            "What is 2+2?",
            "Tell me a programmer joke",
            "What is the capital of France?",
            "Explain recursion in one sentence");

    private E2eSupport() {
    }

    /** Every secret handed to the system in this JVM, to prove none leaks into logs or onto the broker. */
    static final Set<String> SECRETS = ConcurrentHashMap.newKeySet();

    static String apiKey() {
        String key = "sk-ant-e2e-" + UUID.randomUUID();
        SECRETS.add(key);
        return key;
    }

    static String accessToken() {
        String token = "oauth-e2e-" + UUID.randomUUID();
        SECRETS.add(token);
        return token;
    }

    static String refreshToken() {
        String token = "oauth-refresh-e2e-" + UUID.randomUUID();
        SECRETS.add(token);
        return token;
    }

    static String uniqueName(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** What {@code jq -r '.[] | select(.name=="NAME") | .id'} does to the account list. */
    static String idOf(JsonNode accounts, String name) {
        if (!accounts.isArray()) {
            throw new AssertionError("GET /api/accounts must return a JSON array, was " + accounts);
        }
        for (JsonNode account : accounts) {
            if (name.equals(account.get("name").asString())) {
                return account.get("id").asString();
            }
        }
        throw new AssertionError("no account named " + name);
    }
}
