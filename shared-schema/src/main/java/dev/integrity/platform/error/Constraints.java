package dev.integrity.platform.error;

import java.util.Map;
import java.util.function.Supplier;

/**
 * Lets a constraint decide, and says what its verdict means. A service runs the write, and if
 * PostgreSQL refuses it by a named constraint, throws the domain problem mapped to that name (the
 * same one its friendlier application check throws), so a lost race and a plain duplicate answer
 * alike.
 */
public final class Constraints {

    private Constraints() {
    }

    public static <T> T translate(Supplier<T> write, Map<String, Supplier<? extends ProblemException>> problemByConstraint) {
        try {
            return write.get();
        } catch (RuntimeException e) {
            String constraint = SqlStates.constraint(e).orElse(null);
            if (constraint != null && problemByConstraint.containsKey(constraint)) {
                throw problemByConstraint.get(constraint).get();
            }
            throw e;
        }
    }

    public static void translate(Runnable write, Map<String, Supplier<? extends ProblemException>> problemByConstraint) {
        translate(() -> {
            write.run();
            return null;
        }, problemByConstraint);
    }
}
