package dev.audioexport.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.ws.rs.ProcessingException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.net.ConnectException;
import org.junit.jupiter.api.Test;

class PortableCausesTest {

    /** Reads back only classes of the JDK and this tool, as the deployment's class loader in WildFly does. */
    private static final class DeploymentLikeInput extends ObjectInputStream {
        DeploymentLikeInput(InputStream in) throws IOException {
            super(in);
        }

        @Override
        protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException, ClassNotFoundException {
            String name = desc.getName();
            if (!name.startsWith("java.") && !name.startsWith("dev.audioexport.") && !name.startsWith("[")) {
                throw new ClassNotFoundException(name);
            }
            return super.resolveClass(desc);
        }
    }

    @Test
    void aSourceFailureCausedByTheHttpClientsExceptionReadsBackWithItsMessagesAndTrace() throws Exception {
        ConnectException refused = new ConnectException("Connection refused");
        ProcessingException client = new ProcessingException("RESTEASY004655: Unable to invoke request", refused);
        SourceException failure = new SourceException("GET http://h/x failed 1 times in a row", client);

        SourceException back = (SourceException) readBack(failure);

        assertEquals("GET http://h/x failed 1 times in a row", back.getMessage());
        assertInstanceOf(IOException.class, back.getCause());
        assertEquals("jakarta.ws.rs.ProcessingException: RESTEASY004655: Unable to invoke request",
                back.getCause().getMessage());
        assertEquals(client.getStackTrace()[0], back.getCause().getStackTrace()[0]);
        assertInstanceOf(ConnectException.class, back.getCause().getCause(), "a JDK cause is kept as it is");
        assertEquals("Connection refused", back.getCause().getCause().getMessage());
    }

    @Test
    void causesOfTheJdkAndThisToolAreKeptAsTheyAre() {
        IOException io = new IOException("disk full");
        assertTrue(new SourceException("x", io).getCause() == io);
    }

    private static Object readBack(Object value) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        }
        try (ObjectInputStream in = new DeploymentLikeInput(new ByteArrayInputStream(bytes.toByteArray()))) {
            return in.readObject();
        }
    }
}
