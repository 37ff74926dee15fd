package dev.jdora.cli.graph;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class GraphRendererHtmlTest {

    private static final Pattern EXTERNAL_REFERENCE =
            Pattern.compile("(?i)\\b(src|href)\\s*=\\s*[\"']?\\s*(https?:)?//");

    private final String html = GraphRenderer.html(TestFlows.camera());

    @Test
    void inlinesTheMermaidLibrary() {
        assertThat(html.length()).isGreaterThan(1_000_000);
        assertThat(html).contains("globalThis[\"mermaid\"]",
                "mermaid.initialize({startOnLoad:true, securityLevel:'strict',");
    }

    @Test
    void referencesNothingOutsideItself() {
        assertThat(EXTERNAL_REFERENCE.matcher(html).find()).as("external src/href").isFalse();
        assertThat(html).doesNotContainIgnoringCase("<script src");
        assertThat(html).doesNotContainIgnoringCase("<link");
    }

    @Test
    void endsEachScriptOnlyAtItsOwnClosingTag() {
        int opened = html.split("<script>", -1).length - 1;
        int closed = html.split("(?i)</script", -1).length - 1;

        assertThat(opened).isEqualTo(2);
        assertThat(closed).isEqualTo(opened);
    }

    @Test
    void containsTheTitleAndTheEscapedDiagram() {
        assertThat(html).contains("<title>camera.yml</title>", "<pre class=\"mermaid\">\nflowchart LR\n");
        assertThat(html).contains("camera", "object-detector", "sink_1", "dora/timer/millis/100");
        String pre = html.substring(html.indexOf("<pre"), html.indexOf("</pre>"));
        assertThat(pre).contains("n0[&quot;camera&lt;br/&gt;&lt;small&gt;dev.example.Camera&lt;/small&gt;&quot;]")
                .doesNotContain("<br/>");
    }

    @Test
    void escapesScriptTerminatorsInInlinedJavaScript() {
        assertThat(HtmlPage.scriptSafe("a='</script>';b='</SCRIPT>';c='<!--'"))
                .isEqualTo("a='<\\/script>';b='<\\/SCRIPT>';c='\\x3C!--'");
    }

    @Test
    void findsTheWebjarVersionWithoutHardCodingIt() {
        assertThat(MermaidLibrary.version()).matches("\\d+\\.\\d+\\.\\d+.*");
    }
}
