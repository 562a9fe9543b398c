package dev.loupe.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.loupe.app.Keymap.Command;
import java.util.Optional;
import java.util.stream.Stream;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every key of the review window, as a table: the key, its modifiers and state, what it does. */
class KeymapTest {

    static Stream<Arguments> keys() {
        return Stream.of(
                row(KeyCode.DIGIT1, "1", false, false, false, false, Command.MOVE_TO_CLASS, 1),
                row(KeyCode.DIGIT9, "9", false, false, false, false, Command.MOVE_TO_CLASS, 9),
                row(KeyCode.NUMPAD2, "2", false, false, false, false, Command.MOVE_TO_CLASS, 2),
                row(KeyCode.DIGIT0, "0", false, false, false, false, null, 0),
                row(KeyCode.U, "u", false, false, false, false, Command.UNSURE, 0),
                row(KeyCode.X, "x", false, false, false, false, Command.EXCLUDE, 0),
                row(KeyCode.K, "k", false, false, false, false, Command.KEEP, 0),
                row(KeyCode.SPACE, " ", false, false, false, false, Command.KEEP, 0),
                row(KeyCode.Z, "z", true, false, false, false, Command.UNDO, 0),
                row(KeyCode.Z, "Z", true, true, false, false, Command.REDO, 0),
                row(KeyCode.A, "a", true, false, false, false, Command.SELECT_ALL, 0),
                row(KeyCode.EQUALS, "=", true, false, false, false, Command.LARGER, 0),
                row(KeyCode.PLUS, "+", true, false, false, false, Command.LARGER, 0),
                row(KeyCode.MINUS, "-", true, false, false, false, Command.SMALLER, 0),
                row(KeyCode.R, "r", true, false, false, false, null, 0), // Ctrl+R is the Score menu's
                row(KeyCode.R, "r", false, false, false, false, Command.REQUEUE, 0),
                row(KeyCode.RIGHT, "", false, false, false, false, Command.RIGHT, 0),
                row(KeyCode.LEFT, "", false, false, false, false, Command.LEFT, 0),
                row(KeyCode.DOWN, "", false, false, false, false, Command.DOWN, 0),
                row(KeyCode.UP, "", false, false, false, false, Command.UP, 0),
                row(KeyCode.PAGE_DOWN, "", false, false, false, false, Command.PAGE_DOWN, 0),
                row(KeyCode.PAGE_UP, "", false, false, false, false, Command.PAGE_UP, 0),
                row(KeyCode.HOME, "", false, false, false, false, Command.HOME, 0),
                row(KeyCode.END, "", false, false, false, false, Command.END, 0),
                row(KeyCode.ENTER, "\r", false, false, false, false, Command.LOUPE, 0),
                row(KeyCode.ENTER, "\r", false, false, false, true, Command.LOUPE, 0),
                row(KeyCode.Z, "z", false, false, false, true, Command.ACTUAL_SIZE, 0),
                row(KeyCode.Z, "z", false, false, false, false, null, 0),
                row(KeyCode.ESCAPE, "", false, false, false, true, Command.CLOSE_LOUPE, 0),
                row(KeyCode.ESCAPE, "", false, false, false, false, null, 0),
                row(KeyCode.C, "c", false, false, false, false, Command.COMPARE, 0),
                row(KeyCode.L, "l", false, false, false, false, Command.LOOK_ALIKES, 0),
                row(KeyCode.SLASH, "?", false, true, false, false, Command.HELP, 0),
                row(KeyCode.F1, "", false, false, false, false, Command.HELP, 0),
                row(KeyCode.K, "k", false, false, true, false, null, 0), // Alt+K is the menus'
                row(KeyCode.Q, "q", false, false, false, false, null, 0));
    }

    private static Arguments row(KeyCode code, String text, boolean shortcut, boolean shift, boolean alt,
                                 boolean loupeOpen, Command command, int number) {
        return Arguments.of(code, text, shortcut, shift, alt, loupeOpen, command, number);
    }

    @ParameterizedTest(name = "{0} ctrl={2} shift={3} alt={4} loupe={5} -> {6}")
    @MethodSource("keys")
    void eachKeyDoesOneThing(KeyCode code, String text, boolean shortcut, boolean shift, boolean alt, boolean loupeOpen,
                             Command command, int number) {
        Optional<Keymap.Key> key = Keymap.of(code, text, shortcut, shift, alt, loupeOpen);
        assertEquals(command == null ? Optional.empty() : Optional.of(new Keymap.Key(command, number)), key);
    }
}
