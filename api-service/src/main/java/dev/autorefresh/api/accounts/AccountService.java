package dev.autorefresh.api.accounts;

import dev.autorefresh.api.audit.AuditTrail;
import dev.autorefresh.api.audit.Change;
import dev.autorefresh.api.refusals.InvalidRequest;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.hibernate.exception.ConstraintViolationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * What people do to accounts. Every change locks the row first (results are applied the same way), so a
 * person and a refresh result never overwrite each other; the entity decides whether the change is allowed.
 * Log lines are written after the commit, so they never report a change that was rolled back.
 */
@Service
@Transactional
class AccountService {

    static final String NAME_UNIQUE = "account_name_unique";
    private static final Logger log = LoggerFactory.getLogger(AccountService.class);

    private final AccountRepository accounts;
    private final AttemptHistory attempts;
    private final RefreshPolicy policy;
    private final AllowedEndpoints allowedEndpoints;
    private final AuditTrail audit;
    private final Clock clock;

    AccountService(AccountRepository accounts, AttemptHistory attempts, RefreshPolicy policy,
            AllowedEndpoints allowedEndpoints, AuditTrail audit, Clock clock) {
        this.accounts = accounts;
        this.attempts = attempts;
        this.policy = policy;
        this.allowedEndpoints = allowedEndpoints;
        this.audit = audit;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    List<Account> list() {
        return accounts.findAllByOrderByPriorityAscNameAsc();
    }

    @Transactional(readOnly = true)
    Page<Account> list(int page, int size) {
        return accounts.findAll(PageRequest.of(page, size, Sort.by("priority", "name")));
    }

    @Transactional(readOnly = true)
    Account get(UUID id) {
        return accounts.findById(id).orElseThrow(() -> new AccountNotFound(id));
    }

    @Transactional(readOnly = true)
    Page<RefreshHistory.Item> refreshes(UUID id, int page, int size) {
        if (!accounts.existsById(id)) {
            throw new AccountNotFound(id);
        }
        return attempts.newestFirst(id, PageRequest.of(page, size));
    }

    Account create(NewAccount request) {
        requireAllowed(request.customEndpoint());
        requireFreeName(request.name());
        var account = new Account(request.name(), request.provider(), request.credentials(), request.priority(),
                request.customEndpoint(), clock.instant());
        Account saved = withUniqueName(request.name(), () -> accounts.saveAndFlush(account));
        String authType = authType(saved);
        var changes = new LinkedHashMap<String, Object>();
        changes.put("name", Change.of(null, saved.name()));
        changes.put("provider", Change.of(null, saved.provider()));
        changes.put("authType", Change.of(null, authType));
        changes.put("credentials", AuditTrail.REPLACED);
        changes.put("priority", Change.of(null, saved.priority()));
        changes.put("customEndpoint", Change.of(null, shown(saved.customEndpoint())));
        audit.record(saved.id(), saved.name(), "created", changes);
        afterCommit(() -> log.info("Account '{}' added (provider {}, {})", request.name(), request.provider(), authType));
        return saved;
    }

    void delete(UUID id) {
        Account account = locked(id);
        accounts.delete(account);
        audit.record(id, account.name(), "deleted", Map.of("name", Change.of(account.name(), null)));
        afterCommit(() -> log.info("Account '{}' deleted", account.name()));
    }

    Account enableAutoRefresh(UUID id, boolean enabled) {
        Account account = locked(id);
        boolean before = account.autoRefreshEnabled();
        anthropicOnly(account, () -> account.enableAutoRefresh(enabled, policy, clock.instant()));
        audit.record(id, account.name(), "auto_refresh_changed", Map.of("autoRefreshEnabled", Change.of(before, enabled)));
        afterCommit(() -> log.info("Auto-refresh {} for account '{}'", enabled ? "enabled" : "disabled", account.name()));
        return account;
    }

    Account enableAutoFallback(UUID id, boolean enabled) {
        Account account = locked(id);
        boolean before = account.autoFallbackEnabled();
        anthropicOnly(account, () -> account.enableAutoFallback(enabled, clock.instant()));
        audit.record(id, account.name(), "auto_fallback_changed",
                Map.of("autoFallbackEnabled", Change.of(before, enabled)));
        afterCommit(() -> log.info("Auto-fallback {} for account '{}'", enabled ? "enabled" : "disabled",
                account.name()));
        return account;
    }

    /** The URL is not logged: a query string may carry a key. */
    Account changeCustomEndpoint(UUID id, String endpoint) {
        requireAllowed(endpoint);
        Account account = locked(id);
        String before = account.customEndpoint();
        account.changeCustomEndpoint(endpoint, clock.instant());
        audit.record(id, account.name(), "custom_endpoint_changed",
                Map.of("customEndpoint", Change.of(shown(before), shown(account.customEndpoint()))));
        afterCommit(() -> log.info("Custom endpoint {} for account '{}'", endpoint == null ? "cleared" : "set",
                account.name()));
        return account;
    }

    Account pause(UUID id) {
        Account account = locked(id);
        var before = pauseState(account);
        account.pause(clock.instant());
        audit.record(id, account.name(), "paused", Map.of("paused", Change.of(before, pauseState(account))));
        afterCommit(() -> log.info("Account '{}' paused", account.name()));
        return account;
    }

    Account resume(UUID id) {
        Account account = locked(id);
        var before = pauseState(account);
        account.resume(policy, clock.instant());
        audit.record(id, account.name(), "resumed", Map.of("paused", Change.of(before, pauseState(account))));
        afterCommit(() -> log.info("Account '{}' resumed", account.name()));
        return account;
    }

    Account changePriority(UUID id, int priority) {
        Account account = locked(id);
        int before = account.priority();
        account.changePriority(priority, clock.instant());
        audit.record(id, account.name(), "priority_changed", Map.of("priority", Change.of(before, priority)));
        afterCommit(() -> log.info("Priority of account '{}' set to {}", account.name(), priority));
        return account;
    }

    Account rename(UUID id, String name) {
        Account account = locked(id);
        String previous = account.name();
        if (!previous.equals(name)) {
            requireFreeName(name);
            account.rename(name, clock.instant());
            withUniqueName(name, () -> {
                accounts.flush();
                return account;
            });
            audit.record(id, name, "renamed", Map.of("name", Change.of(previous, name)));
            afterCommit(() -> log.info("Account '{}' renamed to '{}'", previous, name));
        }
        return account;
    }

    Account replaceCredentials(UUID id, Credentials credentials) {
        Account account = locked(id);
        String before = authType(account);
        account.replaceCredentials(credentials, policy, clock.instant());
        audit.record(id, account.name(), "credentials_replaced", Map.of("credentials", AuditTrail.REPLACED,
                "authType", Change.of(before, authType(account))));
        afterCommit(() -> log.info("Credentials replaced for account '{}'", account.name()));
        return account;
    }

    private static String authType(Account account) {
        return account.usesOAuth() ? "oauth" : "api_key";
    }

    /** The pause state as the audit shows it: false, or the reason it is paused. */
    private static Object pauseState(Account account) {
        return account.paused() ? account.pauseReason() : Boolean.FALSE;
    }

    /** An endpoint as the audit keeps it: a query string may carry a key, so only whether there was one. */
    private static String shown(String endpoint) {
        if (endpoint == null) {
            return null;
        }
        int query = endpoint.indexOf('?');
        return query < 0 ? endpoint : endpoint.substring(0, query) + "?[redacted]";
    }

    /** Whether the database refused a write because the name is taken (a race the pre-check cannot close). */
    static boolean isDuplicateName(DataIntegrityViolationException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConstraintViolationException violation
                    && NAME_UNIQUE.equalsIgnoreCase(violation.getConstraintName())) {
                return true;
            }
        }
        return false;
    }

    private Account locked(UUID id) {
        return accounts.findForUpdate(id).orElseThrow(() -> new AccountNotFound(id));
    }

    /** Credentials follow the endpoint, so only a host the operator allowed may be set (checked before any write). */
    private void requireAllowed(String endpoint) {
        if (endpoint != null && !allowedEndpoints.allows(endpoint)) {
            throw new EndpointNotAllowed(endpoint, allowedEndpoints);
        }
    }

    private void requireFreeName(String name) {
        if (accounts.existsByName(name)) {
            throw new AccountNameTaken(name);
        }
    }

    private static Account withUniqueName(String name, Supplier<Account> write) {
        try {
            return write.get();
        } catch (DataIntegrityViolationException e) {
            if (isDuplicateName(e)) {
                throw new AccountNameTaken(name);
            }
            throw e;
        }
    }

    private static void anthropicOnly(Account account, Runnable change) {
        try {
            change.run();
        } catch (NotAnthropicException e) {
            throw new InvalidRequest(e.getMessage(), Map.of("provider", account.provider()));
        }
    }

    private static void afterCommit(Runnable action) {
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                action.run();
            }
        });
    }
}
