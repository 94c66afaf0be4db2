package dev.autorefresh.api.audit;

/**
 * Who is making the current change, as the audit trail names them: a user name or a token's name, never a secret.
 * The security configuration provides it from the authenticated caller.
 */
public interface Actor {

    String current();
}
