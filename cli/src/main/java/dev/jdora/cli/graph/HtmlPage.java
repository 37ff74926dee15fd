package dev.jdora.cli.graph;

/**
 * A single HTML file that draws Mermaid text with the Mermaid library inlined: no {@code src} or {@code href} to
 * anything, so it renders from a local file without network. Ranks are set far apart so that an edge is long enough
 * for its label and its arrow head side by side, and labels sit on an opaque ground.
 */
final class HtmlPage {

    private HtmlPage() {
    }

    static String render(String title, String mermaidText, String mermaidScript) {
        String safeTitle = escapeHtml(title);
        return """
                <!DOCTYPE html>
                <html lang="en">
                <head>
                <meta charset="utf-8">
                <title>%s</title>
                <style>
                  body { font-family: system-ui, sans-serif; margin: 1.5rem; }
                  h1 { font-size: 1.2rem; }
                  /* edge labels on an opaque ground, so a line never runs through their text */
                  .mermaid .edgeLabel, .mermaid .edgeLabel p { background-color: #fff !important; opacity: 1; }
                  .mermaid .edgeLabel rect { fill: #fff !important; opacity: 1 !important; }
                </style>
                </head>
                <body>
                <h1>%s</h1>
                <pre class="mermaid">
                %s</pre>
                <script>
                %s
                </script>
                <script>
                mermaid.initialize({startOnLoad:true, securityLevel:'strict',
                    flowchart:{rankSpacing:90, nodeSpacing:40, padding:12}});
                </script>
                </body>
                </html>
                """.formatted(safeTitle, safeTitle, escapeHtml(mermaidText), scriptSafe(mermaidScript));
    }

    /**
     * Makes JavaScript safe inside a {@code <script>} element: {@code </script} would end the element early and
     * {@code <!--} can switch the HTML parser into its escaped script state. The replacements mean the same inside
     * JavaScript strings and regular expressions, which is where the minified bundle has them.
     */
    static String scriptSafe(String javaScript) {
        return javaScript
                .replaceAll("(?i)</(script)", "<\\\\/$1")
                .replace("<!--", "\\x3C!--");
    }

    static String escapeHtml(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
