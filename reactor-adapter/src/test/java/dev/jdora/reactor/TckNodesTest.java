package dev.jdora.reactor;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * What the Reactive Streams TCK tests share: a fresh {@link TckNodes} for every rule, closed (and so leak-checked)
 * after it. One rule at a time, on the JUnit thread.
 */
abstract class TckNodesTest {

    TckNodes nodes;

    @BeforeEach
    void open() {
        nodes = new TckNodes();
    }

    @AfterEach
    void closeIfOpen() throws Exception {
        if (nodes != null) {
            nodes.close();
        }
    }

    /** After each rule: closes the rule's nodes and opens fresh ones for the next. */
    final void renewNodes() throws Exception {
        TckNodes done = nodes;
        nodes = new TckNodes();
        done.close();
    }
}
