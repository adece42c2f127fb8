package moglm.modelfile;

import java.io.IOException;
import java.nio.file.Path;

/** A model/checkpoint file that cannot be read: the message names the file and what is wrong. */
public final class ModelFileException extends IOException {
    public ModelFileException(Path file, String what) {
        super(file + ": " + what);
    }
}
