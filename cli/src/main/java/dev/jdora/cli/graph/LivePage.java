package dev.jdora.cli.graph;

/**
 * The HTML of {@code jdora ui}: the Mermaid library inlined and a small script that every second fetches
 * {@code state} (JSON: the Mermaid text with live edge labels and state colours, the nodes, whether the run ended),
 * redraws the graph when its text changed, and on a click on a node shows the last lines of its log from
 * {@code log?node=…}. Every request carries the page's own {@code token} query parameter. When the run has ended the
 * page keeps its last state and says so; when the server stops answering it says that.
 */
final class LivePage {

    private LivePage() {
    }

    static String render(String title, String mermaidScript) {
        String safeTitle = HtmlPage.escapeHtml(title);
        return """
                <!DOCTYPE html>
                <html lang="en">
                <head>
                <meta charset="utf-8">
                <meta name="referrer" content="no-referrer">
                <title>%s — jdora ui</title>
                <style>
                  body { font-family: system-ui, sans-serif; margin: 1.5rem; }
                  h1 { font-size: 1.2rem; margin-bottom: .2rem; }
                  #status { color: #555; margin-top: 0; }
                  #status.ended, #status.lost { color: #c62828; font-weight: bold; }
                  .mermaid .edgeLabel, .mermaid .edgeLabel p { background-color: #fff !important; opacity: 1; }
                  .mermaid .edgeLabel rect { fill: #fff !important; opacity: 1 !important; }
                  #graph g.node, #graph g.cluster { cursor: pointer; }
                  .legend span { display: inline-block; padding: 0 .5rem; margin-right: .4rem; border: 1px solid;
                                 font-size: .85rem; }
                  table { border-collapse: collapse; font-size: .85rem; margin-top: 1rem; }
                  td, th { padding: .15rem .6rem; text-align: right; }
                  td:first-child, th:first-child, td:nth-child(2), th:nth-child(2) { text-align: left; }
                  tr.failed td { color: #c62828; font-weight: bold; }
                  #log { background: #111; color: #eee; padding: .8rem; max-height: 22rem; overflow: auto;
                         white-space: pre-wrap; font-size: .8rem; }
                </style>
                </head>
                <body>
                <h1>%s</h1>
                <p id="status">connecting…</p>
                <p class="legend"><span style="background:#fff8e1;border-color:#f9a825">starting</span><span
                   style="background:#e8f5e9;border-color:#2e7d32">running</span><span
                   style="background:#eeeeee;border-color:#9e9e9e">finished</span><span
                   style="background:#ffcdd2;border-color:#c62828">failed</span> click a node for its log</p>
                <div id="graph" class="mermaid"></div>
                <table id="nodes"><thead><tr><th>node</th><th>state</th><th>in/s</th><th>out/s</th><th>dropped</th>
                </tr></thead><tbody></tbody></table>
                <h2 id="log-title" hidden></h2>
                <pre id="log" hidden></pre>
                <script>
                %s
                </script>
                <script>
                (function () {
                  'use strict';
                  const token = new URLSearchParams(location.search).get('token') || '';
                  const url = (path, extra) => path + '?token=' + encodeURIComponent(token) + (extra || '');
                  const $ = id => document.getElementById(id);
                  mermaid.initialize({startOnLoad: false, securityLevel: 'strict',
                      flowchart: {rankSpacing: 90, nodeSpacing: 40, padding: 12}});
                  let shown = null, renders = 0, keys = {}, selected = null;

                  function nodeOf(element) {
                    const m = /(?:^|-)(n[0-9]+)(?:-[0-9]+)?$/.exec(element.id || '');
                    return m ? keys[m[1]] : undefined;
                  }

                  async function draw(text) {
                    const result = await mermaid.render('live' + (renders++), text);
                    const graph = $('graph');
                    graph.innerHTML = result.svg;
                    graph.querySelectorAll('g.node, g.cluster').forEach(g => {
                      const node = nodeOf(g);
                      if (node) {
                        g.dataset.node = node;
                        g.addEventListener('click', () => showLog(node));
                      }
                    });
                  }

                  async function showLog(node) {
                    selected = node;
                    const response = await fetch(url('log', '&node=' + encodeURIComponent(node)), {cache: 'no-store'});
                    const body = await response.json();
                    $('log-title').hidden = false;
                    $('log-title').textContent = 'last lines of ' + node;
                    $('log-title').title = body.file || '';
                    $('log').hidden = false;
                    $('log').textContent = body.error ? body.error : (body.lines.join('\\n') || '(empty)');
                  }

                  function rate(value) {
                    return value === null ? '-' : value.toFixed(1);
                  }

                  function table(nodes) {
                    const body = $('nodes').tBodies[0];
                    body.replaceChildren(...nodes.map(n => {
                      const row = document.createElement('tr');
                      row.className = n.state;
                      row.dataset.node = n.node;
                      row.dataset.state = n.state;
                      [n.node, n.state, rate(n.in_per_second), rate(n.out_per_second), String(n.dropped)]
                        .forEach(text => row.insertCell().textContent = text);
                      return row;
                    }));
                  }

                  async function tick() {
                    let again = true;
                    try {
                      const response = await fetch(url('state'), {cache: 'no-store'});
                      if (!response.ok) {
                        throw new Error('HTTP ' + response.status);
                      }
                      const state = await response.json();
                      keys = {};
                      state.nodes.forEach(n => keys[n.key] = n.node);
                      if (state.mermaid !== shown) {
                        await draw(state.mermaid);
                        shown = state.mermaid;
                      }
                      table(state.nodes);
                      if (selected) {
                        await showLog(selected);
                      }
                      if (state.ended) {
                        $('status').className = 'ended';
                        $('status').textContent = 'dataflow ' + state.name + ' has ended: this is its last state';
                        again = false;
                      } else {
                        $('status').className = '';
                        $('status').textContent = 'dataflow ' + state.name + ' (' + state.id + ') ' + state.state
                            + ', updated ' + new Date().toLocaleTimeString();
                      }
                    } catch (e) {
                      $('status').className = 'lost';
                      $('status').textContent = 'jdora ui does not answer (' + e.message + '): it has stopped';
                      again = false;
                    }
                    if (again) {
                      setTimeout(tick, 1000);
                    }
                  }
                  tick();
                })();
                </script>
                </body>
                </html>
                """.formatted(safeTitle, safeTitle, HtmlPage.scriptSafe(mermaidScript));
    }
}
