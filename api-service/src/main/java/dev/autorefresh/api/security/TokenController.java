package dev.autorefresh.api.security;

import dev.autorefresh.api.refusals.InvalidRequest;
import dev.autorefresh.api.security.ApiTokens.IssuedToken;
import dev.autorefresh.api.security.ApiTokens.TokenView;
import dev.autorefresh.api.json.ApiInstant;
import io.swagger.v3.oas.annotations.media.Schema;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Token management, for admins (see SecurityConfiguration). A token's secret is shown in the 201 and never again. */
@RestController
@RequestMapping("/api/tokens")
class TokenController {

    private final ApiTokens tokens;

    TokenController(ApiTokens tokens) {
        this.tokens = tokens;
    }

    /** Checked by {@link ApiTokens}; the schema here says the rules for the OpenAPI document. */
    record NewToken(
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, pattern = "^[A-Za-z0-9 ._\\-]{1,100}$",
                    description = "1-100 letters, digits, spaces, dots, underscores or dashes; unique among live tokens")
            String name,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, allowableValues = {"admin", "viewer"},
                    description = "admin changes; viewer reads") String role) {
    }

    record Token(UUID id, String name, String role, String prefix, @ApiInstant Instant createdAt, String createdBy,
            @ApiInstant Instant lastUsedAt, @ApiInstant Instant revokedAt) {

        static Token of(TokenView view) {
            return new Token(view.id(), view.name(), view.role(), view.prefix(), view.createdAt(), view.createdBy(),
                    view.lastUsedAt(), view.revokedAt());
        }
    }

    /** The one answer that carries a token's secret. */
    record CreatedToken(UUID id, String name, String role, String prefix, @ApiInstant Instant createdAt,
            String createdBy, String token) {

        @Override
        public String toString() {
            return "CreatedToken[id=" + id + ", name=" + name + ", token=****]";
        }
    }

    @PostMapping
    ResponseEntity<CreatedToken> create(@RequestBody NewToken body, @AuthenticationPrincipal ApiPrincipal caller) {
        IssuedToken issued = tokens.create(body.name(), body.role(), caller.name());
        TokenView view = issued.token();
        return ResponseEntity.created(URI.create("/api/tokens/" + view.id()))
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .body(new CreatedToken(view.id(), view.name(), view.role(), view.prefix(), view.createdAt(),
                        view.createdBy(), issued.secret()));
    }

    @GetMapping
    List<Token> list() {
        return tokens.list().stream().map(Token::of).toList();
    }

    @DeleteMapping("/{id}")
    Token revoke(@PathVariable String id) {
        UUID tokenId;
        try {
            tokenId = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequest("id must be a UUID", Map.of("parameter", "id"));
        }
        return Token.of(tokens.revoke(tokenId));
    }
}
