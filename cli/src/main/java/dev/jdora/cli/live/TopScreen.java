package dev.jdora.cli.live;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jline.keymap.BindingReader;
import org.jline.keymap.KeyMap;
import org.jline.terminal.Attributes;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;
import org.jline.utils.Display;
import org.jline.utils.InfoCmp.Capability;
import org.jline.utils.NonBlockingReader;

/**
 * The full-screen view of {@code jdora top} on a terminal (JLine): redraws the table every interval, only what
 * changed; keys change the sort column ({@code <}/{@code >} or the arrow keys, or a column's letter) and {@code q} or
 * Ctrl-C quits. The screen is restored on the way out.
 *
 * <p><b>Threads.</b> Runs on the calling thread until the user quits; the terminal is the caller's to close.
 */
public final class TopScreen {

    private enum Key { LEFT, RIGHT, QUIT, SORT }

    private static final String HELP = "sort: < > or n s c m i o u d 5 9   quit: q";

    private final Terminal terminal;
    private final TopSession session;
    private final Duration interval;
    private TopColumn sort;
    private volatile boolean quit;

    public TopScreen(Terminal terminal, TopSession session, Duration interval, TopColumn sort) {
        this.terminal = terminal;
        this.session = session;
        this.interval = interval;
        this.sort = sort;
    }

    /** Shows the view until the user quits. */
    public void run() throws IOException {
        Attributes saved = terminal.enterRawMode();
        Terminal.SignalHandler previousInt = terminal.handle(Terminal.Signal.INT, signal -> quit = true);
        terminal.puts(Capability.enter_ca_mode);
        terminal.puts(Capability.keypad_xmit);
        terminal.puts(Capability.cursor_invisible);
        try {
            Display display = new Display(terminal, true);
            KeyMap<Key> keys = keys();
            BindingReader reader = new BindingReader(terminal.reader());
            while (!quit) {
                Size size = terminal.getSize();
                display.resize(size.getRows(), size.getColumns());
                display.update(screen(session.refresh(), size), 0);
                terminal.flush();
                long deadline = System.nanoTime() + interval.toNanos();
                for (long left = interval.toMillis(); left > 0 && !quit; left = (deadline - System.nanoTime())
                        / 1_000_000) {
                    if (reader.peekCharacter(left) == NonBlockingReader.READ_EXPIRED) {
                        break;
                    }
                    Key key = reader.readBinding(keys);
                    if (key != null && act(key, reader.getLastBinding())) {
                        break; // redraw at once in the new order
                    }
                }
            }
        } finally {
            terminal.handle(Terminal.Signal.INT, previousInt);
            terminal.puts(Capability.cursor_visible);
            terminal.puts(Capability.keypad_local);
            terminal.puts(Capability.exit_ca_mode);
            terminal.setAttributes(saved);
            terminal.flush();
        }
    }

    /** Handles a key; true if the view must be redrawn. */
    private boolean act(Key key, String binding) {
        switch (key) {
            case QUIT -> quit = true;
            case LEFT -> sort = sort.next(-1);
            case RIGHT -> sort = sort.next(1);
            case SORT -> sort = byLetter(binding.charAt(0));
            default -> throw new AssertionError(key);
        }
        return true;
    }

    private static TopColumn byLetter(char letter) {
        return switch (letter) {
            case 's' -> TopColumn.STATE;
            case 'c' -> TopColumn.CPU;
            case 'm' -> TopColumn.RSS;
            case 'i' -> TopColumn.IN;
            case 'o' -> TopColumn.OUT;
            case 'u' -> TopColumn.QUEUE;
            case 'd' -> TopColumn.DROPS;
            case '5' -> TopColumn.P50;
            case '9' -> TopColumn.P99;
            default -> TopColumn.NODE;
        };
    }

    private KeyMap<Key> keys() {
        KeyMap<Key> keys = new KeyMap<>();
        keys.bind(Key.QUIT, "q", KeyMap.ctrl('C'));
        keys.bind(Key.LEFT, "<", ",", KeyMap.key(terminal, Capability.key_left));
        keys.bind(Key.RIGHT, ">", ".", KeyMap.key(terminal, Capability.key_right));
        keys.bind(Key.SORT, "n", "s", "c", "m", "i", "o", "u", "d", "5", "9");
        return keys;
    }

    private List<AttributedString> screen(TopSession.Frame frame, Size size) {
        List<AttributedString> lines = new ArrayList<>();
        int nodes = frame.allRows().size();
        lines.add(new AttributedStringBuilder().style(AttributedStyle.BOLD).append("jdora top").style(
                AttributedStyle.DEFAULT).append(String.format(Locale.ROOT, "  %d dataflow%s, %d node%s, every %s   %s",
                        frame.runs().size(), frame.runs().size() == 1 ? "" : "s", nodes, nodes == 1 ? "" : "s",
                        seconds(interval), HELP)).toAttributedString());
        lines.add(AttributedString.EMPTY);
        List<String> table = TopSession.table(frame, sort);
        for (int i = 0; i < table.size() && lines.size() < size.getRows() - 1; i++) {
            AttributedStyle style = i == 0 && !frame.runs().isEmpty() ? AttributedStyle.INVERSE
                    : failed(table.get(i)) ? AttributedStyle.DEFAULT.foreground(AttributedStyle.RED)
                    : AttributedStyle.DEFAULT;
            lines.add(new AttributedString(table.get(i), style));
        }
        return lines.stream().map(l -> l.columnSubSequence(0, size.getColumns())).toList();
    }

    private static boolean failed(String line) {
        return line.matches("\\S+\\s+\\S+\\s+failed\\s.*");
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }
}
