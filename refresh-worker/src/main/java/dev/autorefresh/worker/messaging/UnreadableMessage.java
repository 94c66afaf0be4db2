package dev.autorefresh.worker.messaging;

/** A delivery that can never be processed. The message says why, and never quotes the body. */
final class UnreadableMessage extends Exception {

    UnreadableMessage(String why) {
        super(why);
    }
}
