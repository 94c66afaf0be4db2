package dev.autorefresh.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The README and docs/ stand on their own: the README stays a short entry point, every relative link and image
 * leads to a file (and heading) of this repository, and nothing points at documents or issues a reader cannot open.
 */
class DocumentationTest {

    private static final int README_MAX_LINES = 200;
    private static final Pattern FENCED_BLOCK = Pattern.compile("(?ms)^```.*?^```[^\\n]*$");
    private static final Pattern INLINE_CODE = Pattern.compile("`[^`\\n]*`");
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
    private static final Pattern HEADING = Pattern.compile("(?m)^#{1,6} +(.+?) *#* *$");
    /** Documents outside the repository, and issue numbers, mean nothing to a reader of the repository. */
    private static final List<Pattern> OUTSIDE_REFERENCES = List.of(
            Pattern.compile("\\.\\./shared"), Pattern.compile("\\b(DESIGN|STYLE|ENVIRONMENT)\\.md\\b"),
            Pattern.compile("(?i)\\bissues? #?\\d+"), Pattern.compile("(^|\\s|\\()#\\d+\\b"),
            Pattern.compile("(?i)\\btask \\d+\\b"));

    @Test
    void theReadmeIsAShortEntryPoint() {
        String readme = Repository.read("README.md");
        assertThat(readme.lines().count()).as("README lines").isLessThanOrEqualTo(README_MAX_LINES);
        assertThat(readme).contains("## Quick start", "## Test", "## How it works", "## Where to read more");
    }

    @Test
    void theReadmeListsEveryPageUnderDocs() {
        String readme = Repository.read("README.md");
        try (Stream<Path> pages = Files.list(Repository.path("docs"))) {
            pages.filter(page -> page.toString().endsWith(".md")).forEach(page -> assertThat(readme)
                    .as("README links docs/%s", page.getFileName())
                    .contains("](docs/" + page.getFileName() + ")"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void everyRelativeLinkLeadsToAFileAndAHeadingThatExist() {
        var broken = new ArrayList<String>();
        for (Path document : documents()) {
            for (String target : links(Repository.read(relative(document)))) {
                if (target.matches("(?i)[a-z][a-z0-9+.-]*:.*")) {
                    continue; // http:, https:, mailto: ...
                }
                int hash = target.indexOf('#');
                String file = hash < 0 ? target : target.substring(0, hash);
                Path resolved = file.isEmpty() ? document : document.getParent().resolve(file).normalize();
                if (!resolved.startsWith(Repository.ROOT) || !Files.exists(resolved)) {
                    broken.add(relative(document) + ": " + target + " (no such file)");
                } else if (hash >= 0 && resolved.toString().endsWith(".md")
                        && !anchors(Repository.read(relative(resolved))).contains(target.substring(hash + 1))) {
                    broken.add(relative(document) + ": " + target + " (no such heading)");
                }
            }
        }
        assertThat(broken).as("broken links").isEmpty();
    }

    @Test
    void nothingPointsOutsideTheRepository() {
        var found = new ArrayList<String>();
        for (Path document : documents()) {
            String text = Repository.read(relative(document));
            for (Pattern reference : OUTSIDE_REFERENCES) {
                reference.matcher(text).results().forEach(match -> found.add(relative(document) + ": " + match.group()));
            }
        }
        assertThat(found).isEmpty();
    }

    /** The README, every page under docs/ and the stub upstream's README. */
    private static List<Path> documents() {
        var documents = new ArrayList<>(List.of(Repository.path("README.md"), Repository.path("stub-upstream/README.md")));
        try (Stream<Path> pages = Files.walk(Repository.path("docs"))) {
            pages.filter(page -> page.toString().endsWith(".md")).sorted().forEach(documents::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return documents;
    }

    private static String relative(Path document) {
        return Repository.ROOT.relativize(document).toString();
    }

    /** Link and image targets outside code, where a bracket followed by a parenthesis is code, not a link. */
    static List<String> links(String markdown) {
        String prose = INLINE_CODE.matcher(FENCED_BLOCK.matcher(markdown).replaceAll("")).replaceAll("``");
        return LINK.matcher(prose).results().map(match -> match.group(1)).toList();
    }

    /** The anchors GitHub gives a page's headings: lower case, punctuation dropped, spaces to hyphens, repeats numbered. */
    static Set<String> anchors(String markdown) {
        var anchors = new HashSet<String>();
        Map<String, Integer> seen = new HashMap<>();
        HEADING.matcher(FENCED_BLOCK.matcher(markdown).replaceAll("")).results().forEach(heading -> {
            String slug = heading.group(1).toLowerCase(Locale.ROOT)
                    .replaceAll("[^\\p{L}\\p{N} _-]", "")
                    .replace(' ', '-');
            int repeat = seen.merge(slug, 1, Integer::sum) - 1;
            anchors.add(repeat == 0 ? slug : slug + "-" + repeat);
        });
        return anchors;
    }
}
