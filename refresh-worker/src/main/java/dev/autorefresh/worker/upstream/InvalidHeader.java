package dev.autorefresh.worker.upstream;

/** A rate-limit header we rely on held something we cannot read. Names the header, never echoes its value. */
final class InvalidHeader extends Exception {

    InvalidHeader(String header, String expected) {
        super(header + " is not " + expected);
    }
}
