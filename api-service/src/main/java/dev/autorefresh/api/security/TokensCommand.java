package dev.autorefresh.api.security;

import dev.autorefresh.api.refusals.Refusal;
import dev.autorefresh.api.security.ApiTokens.TokenView;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/**
 * {@code java -jar api-service.jar --autorefresh.tokens.create=NAME [--autorefresh.tokens.role=admin|viewer]},
 * {@code --autorefresh.tokens.list=true} or {@code --autorefresh.tokens.revoke=NAME_OR_ID}: one operation on the
 * tokens table, then exit (0 on success, 2 on a refused request). No web server and no broker consumer start, so
 * it can run beside the live service with the same environment. A created token is printed once, on stdout.
 */
public final class TokensCommand {

    private static final String CREATE = "--autorefresh.tokens.create=";
    private static final String ROLE = "--autorefresh.tokens.role=";
    private static final String LIST = "--autorefresh.tokens.list";
    private static final String REVOKE = "--autorefresh.tokens.revoke=";

    private TokensCommand() {
    }

    public static boolean requested(String[] args) {
        return Arrays.stream(args).anyMatch(arg -> arg.startsWith(CREATE) || arg.equals(LIST)
                || arg.equals(LIST + "=true") || arg.startsWith(REVOKE));
    }

    public static int run(Class<?> application, String[] args) {
        var app = new SpringApplication(application);
        app.setWebApplicationType(WebApplicationType.NONE);
        app.addInitializers(context -> context.getEnvironment().getPropertySources().addFirst(
                new MapPropertySource("tokens-command", Map.of(
                        "spring.rabbitmq.listener.simple.auto-startup", "false",
                        "spring.main.banner-mode", "off"))));
        // Quiet, so what it prints is what the caller reads, unless the caller asks otherwise. (A repeated
        // command-line property would be read as a list, so it is added only when absent.)
        String[] quiet = args;
        if (Arrays.stream(args).noneMatch(arg -> arg.startsWith("--logging.level.root="))) {
            quiet = Arrays.copyOf(args, args.length + 1);
            quiet[args.length] = "--logging.level.root=WARN";
        }
        try (ConfigurableApplicationContext context = app.run(quiet)) {
            return execute(context.getBean(ApiTokens.class), args, System.out);
        }
    }

    static int execute(ApiTokens tokens, String[] args, PrintStream out) {
        try {
            Optional<String> create = value(args, CREATE);
            Optional<String> revoke = value(args, REVOKE);
            if (create.isPresent()) {
                var issued = tokens.create(create.get(), value(args, ROLE).orElse("viewer"), "command line");
                out.println("Created the " + issued.token().role() + " token '" + issued.token().name()
                        + "'. It is shown this once; store it now:");
                out.println(issued.secret());
                out.println("Use it as: curl -H \"Authorization: Bearer <token>\" http://localhost:8080/api/accounts");
            } else if (revoke.isPresent()) {
                TokenView revoked = revokeByIdOrName(tokens, revoke.get());
                out.println("Revoked the token '" + revoked.name() + "' (" + revoked.id() + ")");
            } else {
                out.printf("%-36s  %-24s  %-6s  %-8s  %-24s  %-24s  %s%n", "ID", "NAME", "ROLE", "PREFIX",
                        "CREATED", "LAST USED", "REVOKED");
                for (TokenView token : tokens.list()) {
                    out.printf("%-36s  %-24s  %-6s  %-8s  %-24s  %-24s  %s%n", token.id(), token.name(),
                            token.role(), token.prefix(), token.createdAt(), orDash(token.lastUsedAt()),
                            orDash(token.revokedAt()));
                }
            }
            return 0;
        } catch (Refusal e) {
            System.err.println("Refused: " + e.getMessage());
            return 2;
        }
    }

    private static TokenView revokeByIdOrName(ApiTokens tokens, String target) {
        try {
            return tokens.revoke(UUID.fromString(target));
        } catch (IllegalArgumentException notAnId) {
            return tokens.revokeByName(target);
        }
    }

    private static Optional<String> value(String[] args, String prefix) {
        return Arrays.stream(args).filter(arg -> arg.startsWith(prefix)).map(arg -> arg.substring(prefix.length()))
                .reduce((first, last) -> last);
    }

    private static String orDash(Object value) {
        return value == null ? "-" : value.toString();
    }
}
