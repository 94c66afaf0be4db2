package dev.autorefresh.api.security;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

/**
 * Before the first request: stores AUTOREFRESH_BOOTSTRAP_ADMIN_TOKEN's hash, and tells a service that nobody can
 * call how to make a token. Never logs a token.
 */
@Component
class BootstrapToken implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(BootstrapToken.class);

    private final ApiTokens tokens;
    private final SecuritySettings settings;

    BootstrapToken(ApiTokens tokens, SecuritySettings settings) {
        this.tokens = tokens;
        this.settings = settings;
    }

    @Override
    public void afterSingletonsInstantiated() {
        if (settings.bootstrapAdminToken() != null && tokens.ensureBootstrap(settings.bootstrapAdminToken())) {
            log.info("Stored the admin token '{}' from AUTOREFRESH_BOOTSTRAP_ADMIN_TOKEN", SecuritySettings.BOOTSTRAP_NAME);
        }
        if (settings.singleUser()) {
            log.warn("Single-user mode: requests without credentials from this machine act as admin");
        } else if (!tokens.anyLive()) {
            log.warn("No API token exists, so everything under /api answers 401. Create an admin token with "
                    + "'java -jar api-service.jar --autorefresh.tokens.create=admin --autorefresh.tokens.role=admin' "
                    + "(same environment as the service), or set AUTOREFRESH_BOOTSTRAP_ADMIN_TOKEN and restart");
        }
    }
}
