package kr.compensation.voucher.domain.testing;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * What a SnapStart snapshot does to an object graph, for tests: it is copied byte for byte into every environment
 * restored from the snapshot, so each copy starts in exactly the state the original had at init.
 */
public final class Snapshot {

    private Snapshot() {
    }

    /** {@code environments} copies of {@code object}, each as one restored environment would hold it. */
    public static <T extends Serializable> List<T> restoredCopies(T object, int environments) {
        byte[] snapshot;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(object);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        snapshot = bytes.toByteArray();
        List<T> copies = new ArrayList<>();
        for (int i = 0; i < environments; i++) {
            try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(snapshot))) {
                @SuppressWarnings("unchecked")
                T copy = (T) in.readObject();
                copies.add(copy);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(e);
            }
        }
        return copies;
    }
}
