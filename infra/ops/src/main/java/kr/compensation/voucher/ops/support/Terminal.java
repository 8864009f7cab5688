package kr.compensation.voucher.ops.support;

import java.io.Console;

/** Whether stderr can take a redrawn progress line. */
public final class Terminal {

    private Terminal() {
    }

    /**
     * JDK 22+ returns a {@link Console} even when output is redirected and says so through {@code isTerminal()};
     * JDK 21 returns null then. The method is looked up reflectively because the code is compiled for 21.
     */
    public static boolean isInteractive() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }
}
