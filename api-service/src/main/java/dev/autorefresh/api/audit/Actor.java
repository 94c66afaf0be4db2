package dev.autorefresh.api.audit;

/**
 * Who is making the current change, as the audit trail names them: a user name or a token's name, never a secret.
 * Provide a bean of this type to replace the default (which cannot tell callers apart).
 */
public interface Actor {

    String current();
}
