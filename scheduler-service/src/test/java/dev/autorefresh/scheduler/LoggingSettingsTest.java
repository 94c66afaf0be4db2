package dev.autorefresh.scheduler;

import dev.autorefresh.testsupport.LoggingSettingsCheck;

/** LOG_LEVEL, LOG_FILE and LOG_FORMAT as this service's application.yml maps them (the checks: the superclass). */
class LoggingSettingsTest extends LoggingSettingsCheck {
}
