package dev.autorefresh.e2e;

import java.util.Set;
import java.util.TreeSet;

/**
 * The metric names a PromQL expression reads: identifiers that are neither a function (followed by a parenthesis),
 * an operator or keyword, a label (inside braces or a {@code by (...)} list), a duration (inside brackets), a string
 * nor a Grafana variable such as {@code $__rate_interval}. Enough for the queries this repository writes; not a
 * PromQL parser.
 */
final class PromQlMetricNames {

    private static final Set<String> KEYWORDS = Set.of(
            "and", "or", "unless", "by", "without", "on", "ignoring", "group_left", "group_right", "offset", "bool",
            "atan2", "sum", "min", "max", "avg", "group", "stddev", "stdvar", "count", "count_values", "bottomk",
            "topk", "quantile", "limitk", "limit_ratio", "inf", "nan");
    /** Keywords followed by a list of label names in parentheses. */
    private static final Set<String> LABEL_LISTS = Set.of(
            "by", "without", "on", "ignoring", "group_left", "group_right");

    private PromQlMetricNames() {
    }

    static Set<String> in(String expression) {
        var names = new TreeSet<String>();
        int i = 0;
        int length = expression.length();
        while (i < length) {
            char c = expression.charAt(i);
            if (c == '"' || c == '\'' || c == '`') {
                i = afterString(expression, i);
            } else if (c == '{') {
                i = after(expression, i, '}');
            } else if (c == '[') {
                i = after(expression, i, ']');
            } else if (c == '$' || Character.isDigit(c) || c == '.') {
                // A variable, a number or a duration outside brackets (offset 5m): none is a name.
                i++;
                while (i < length && isNamePart(expression.charAt(i))) {
                    i++;
                }
            } else if (isNameStart(c)) {
                int start = i;
                while (i < length && isNamePart(expression.charAt(i))) {
                    i++;
                }
                String word = expression.substring(start, i);
                int next = skipSpaces(expression, i);
                if (LABEL_LISTS.contains(word.toLowerCase())) {
                    i = next < length && expression.charAt(next) == '(' ? after(expression, next, ')') : next;
                } else if (!KEYWORDS.contains(word.toLowerCase())
                        && (next >= length || expression.charAt(next) != '(')) {
                    names.add(word);
                }
            } else {
                i++;
            }
        }
        return names;
    }

    private static boolean isNameStart(char c) {
        return Character.isLetter(c) || c == '_' || c == ':';
    }

    private static boolean isNamePart(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == ':';
    }

    private static int skipSpaces(String expression, int from) {
        int i = from;
        while (i < expression.length() && Character.isWhitespace(expression.charAt(i))) {
            i++;
        }
        return i;
    }

    /** The index after the closing character, skipping strings in between (a regex may hold a brace). */
    private static int after(String expression, int open, char close) {
        int i = open + 1;
        while (i < expression.length() && expression.charAt(i) != close) {
            char c = expression.charAt(i);
            i = c == '"' || c == '\'' || c == '`' ? afterString(expression, i) : i + 1;
        }
        return i + 1;
    }

    private static int afterString(String expression, int open) {
        char quote = expression.charAt(open);
        int i = open + 1;
        while (i < expression.length() && expression.charAt(i) != quote) {
            i += expression.charAt(i) == '\\' && quote != '`' ? 2 : 1;
        }
        return i + 1;
    }
}
