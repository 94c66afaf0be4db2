package dev.autorefresh.stub;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/** Which accounts misbehave, and how: per account, or one fault for every account without its own. */
final class AccountFaults {

    static final Duration MAX_LATENCY = Duration.ofMinutes(10);

    /** @param latency for {@link FaultMode#SLOW} the delay; for the others a delay before the faulty answer */
    record Fault(FaultMode mode, Duration latency) {

        Fault {
            if (latency.isNegative() || latency.compareTo(MAX_LATENCY) > 0) {
                throw new IllegalArgumentException("latencyMs must be between 0 and " + MAX_LATENCY.toMillis());
            }
        }
    }

    /** The JSON form of one fault, as {@code GET /_stub/faults} lists it. */
    record View(String mode, long latencyMs) {

        static View of(Fault fault) {
            return new View(fault.mode().wireName(), fault.latency().toMillis());
        }
    }

    private final ConcurrentHashMap<AccountKey, Fault> perAccount = new ConcurrentHashMap<>();
    private final AtomicReference<Fault> everyAccount = new AtomicReference<>();

    Optional<Fault> of(AccountKey account) {
        Fault own = perAccount.get(account);
        return Optional.ofNullable(own != null ? own : everyAccount.get());
    }

    /** @param account null for every account without a fault of its own */
    void set(AccountKey account, Fault fault) {
        if (account == null) {
            everyAccount.set(fault);
        } else {
            perAccount.put(account, fault);
        }
    }

    /** @param account null to clear every fault */
    void clear(AccountKey account) {
        if (account == null) {
            perAccount.clear();
            everyAccount.set(null);
        } else {
            perAccount.remove(account);
        }
    }

    /** Accounts by hash; the fault for all of them under {@code "*"}. */
    Map<String, View> view() {
        Map<String, View> view = new TreeMap<>();
        perAccount.forEach((account, fault) -> view.put(account.hash(), View.of(fault)));
        Fault all = everyAccount.get();
        if (all != null) {
            view.put("*", View.of(all));
        }
        return view;
    }
}
