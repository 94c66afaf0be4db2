package dev.autorefresh.api.audit;

/**
 * Who is making the current change, as the audit trail names them: a user name or a token's name, never a secret.
 * Declare one bean of this type (for example from the authenticated principal) and {@link AuditTrail} uses it;
 * without one, every change is recorded as made by "anonymous".
 */
public interface Actor {

    String current();
}
