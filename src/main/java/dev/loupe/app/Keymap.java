package dev.loupe.app;

import java.util.Optional;
import javafx.scene.input.KeyCode;

/**
 * Which command a key press is in the Review tab: one table, so that the keys, the {@code ?} sheet and the
 * tests agree. Pure: no scene, no model.
 */
final class Keymap {

    /** What a key does. */
    enum Command {
        MOVE_TO_CLASS, UNSURE, EXCLUDE, KEEP, UNDO, REDO, SELECT_ALL, LARGER, SMALLER, RIGHT, LEFT, DOWN, UP,
        PAGE_DOWN, PAGE_UP, HOME, END, REQUEUE, LOUPE, ACTUAL_SIZE, COMPARE, CLOSE_LOUPE, LOOK_ALIKES, KEEP_ONE_OF_CLUSTER, HELP
    }

    /** A command and, for {@link Command#MOVE_TO_CLASS}, the class's number in the sidebar (1-9). */
    record Key(Command command, int classNumber) {
        static Key of(Command command) {
            return new Key(command, 0);
        }
    }

    /** The ? sheet: every key, as the window shows it. */
    static final String SHEET = """
            1 … 9          move the selection to class 1 … 9 (sidebar order)
            U              move to _unsure (a second look later)
            X              move to _excluded (kept on disk, never trained on)
            K, Space       keep the label (mark reviewed); hold Space to peek in the loupe
                           after each decision the focus goes to the next undecided image
            ← → ↑ ↓        move through the grid (the grid scrolls to follow)
            Page Up/Down   a screen up or down      Home, End   first, last
            R              re-sort the queue by the latest ranking (a new pass)
            Enter          the loupe: the image large, in the window
              Z            1:1 or fit     wheel: zoom     drag: pan
              ← →          previous, next (decision keys work here too)
              Esc          back to the grid, the focus where you left it
            C              compare 2-4 selected images side by side, one zoom for all
            L              look-alikes: the images most like the selection, most similar
                           first (pick a class in the sidebar: those filed there)
            D              in Show: Duplicate clusters, keep the focused image and set the
                           rest of its cluster aside in _excluded (one undo)
            Ctrl+ Ctrl-    larger or smaller thumbnails
            Ctrl+A         select everything shown
            Click, Shift+click, Ctrl+click   select one, a range, one more
            Drag on empty space   rubber band (Ctrl+drag adds to the selection;
                                  hold it at the top or bottom edge to scroll)
            Ctrl+Z         undo      Ctrl+Shift+Z   redo
            Drag tiles onto a class in the sidebar to move them.
            Map tab: drag a lasso round points to pick them (Shift adds), click
                     selects one, double-click shows it in the grid; wheel zooms,
                     right-drag pans, F fits; 1-9 U X K decide on the selection""";

    private Keymap() {
    }

    /**
     * The command for a key press, or empty when the key is not Loupe's (it then reaches the control with the
     * focus, or a menu accelerator such as Ctrl+R).
     *
     * @param text      the key's text (for {@code ?}, which keyboards place differently)
     * @param loupeOpen whether the loupe is showing (Z and Esc act on it)
     */
    static Optional<Key> of(KeyCode code, String text, boolean shortcut, boolean shift, boolean alt, boolean loupeOpen) {
        if (shortcut) {
            return switch (code) {
                case Z -> Optional.of(Key.of(shift ? Command.REDO : Command.UNDO));
                case A -> Optional.of(Key.of(Command.SELECT_ALL));
                case PLUS, EQUALS, ADD -> Optional.of(Key.of(Command.LARGER));
                case MINUS, SUBTRACT -> Optional.of(Key.of(Command.SMALLER));
                default -> Optional.empty();
            };
        }
        if (alt) {
            return Optional.empty();
        }
        if (code.isDigitKey() && code != KeyCode.DIGIT0 && code != KeyCode.NUMPAD0) {
            String name = code.getName().replaceAll("\\D", "");
            return Optional.of(new Key(Command.MOVE_TO_CLASS, Integer.parseInt(name)));
        }
        if ("?".equals(text)) {
            return Optional.of(Key.of(Command.HELP));
        }
        Command command = switch (code) {
            case U -> Command.UNSURE;
            case X -> Command.EXCLUDE;
            case K, SPACE -> Command.KEEP;
            case RIGHT -> Command.RIGHT;
            case LEFT -> Command.LEFT;
            case DOWN -> Command.DOWN;
            case UP -> Command.UP;
            case PAGE_DOWN -> Command.PAGE_DOWN;
            case PAGE_UP -> Command.PAGE_UP;
            case HOME -> Command.HOME;
            case END -> Command.END;
            case R -> Command.REQUEUE;
            case ENTER -> Command.LOUPE;
            case Z -> loupeOpen ? Command.ACTUAL_SIZE : null;
            case C -> Command.COMPARE;
            case L -> Command.LOOK_ALIKES;
            case D -> Command.KEEP_ONE_OF_CLUSTER;
            case ESCAPE -> loupeOpen ? Command.CLOSE_LOUPE : null;
            case F1 -> Command.HELP;
            default -> null;
        };
        return Optional.ofNullable(command).map(Key::of);
    }
}
