package dev.autorefresh.api.accounts;

import dev.autorefresh.api.refusals.InvalidRequest;
import java.util.Map;

/** A custom endpoint outside the operator's allow-list: credentials are only ever sent to allowed hosts. */
class EndpointNotAllowed extends InvalidRequest {

    EndpointNotAllowed(String endpoint, AllowedEndpoints allowedEndpoints) {
        super("customEndpoint " + AllowedEndpoints.origin(endpoint)
                        + " is not an allowed host: account credentials are only sent to the hosts in "
                        + AllowedEndpoints.SETTING + " (plain http only for entries written http://host:port)",
                Map.of("field", "customEndpoint", "setting", "autorefresh.endpoints.allowed-hosts",
                        "environmentVariable", "AUTOREFRESH_ALLOWED_HOSTS",
                        "allowedHosts", allowedEndpoints.allowedHosts()));
    }
}
