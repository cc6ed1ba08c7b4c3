package dev.audioexport.model;

import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonParserFactory;
import java.lang.reflect.Proxy;
import java.util.Map;

/**
 * Parsson parsers for the reference path whose character buffer always starts at the 4,096
 * chars a fresh Parsson pool hands out. Why: Parsson's error location goes wrong once a token
 * outgrows the buffer (doubled while it is read), by an amount that depends on the size the
 * buffer started at, and its pool, shared by the whole JVM and weakly held, gives a doubled
 * buffer to the next parser. A reject's column then depended on the lines parsed before (in any
 * thread) and on GC; and the fast path, which keeps most lines away from Parsson, changed it.
 * With a buffer of this decoder's own, always 4,096 chars to begin with, the message is a
 * function of the line: the one the previous version gave from a fresh pool.
 */
final class ReferenceParsers {

    /** Parsson's pool interface and buffer size (org.eclipse.parsson.api.BufferPool, BufferPoolImpl). */
    private static final String POOL = "org.eclipse.parsson.api.BufferPool";
    private static final int BUFFER_CHARS = 4096;

    private ReferenceParsers() {
    }

    /** A factory for one decoder (not thread-safe, as the decoder is). */
    static JsonParserFactory create() {
        JsonProvider provider = JsonProvider.provider();
        Class<?> pool;
        try {
            // through the provider's loader: a deployment on WildFly does not see Parsson's API itself
            pool = Class.forName(POOL, false, provider.getClass().getClassLoader());
        } catch (ClassNotFoundException e) {
            return provider.createParserFactory(Map.of());  // not Parsson: its own buffers
        }
        return provider.createParserFactory(Map.of(POOL, freshBuffers(pool)));
    }

    /** A pool that keeps only a buffer of the starting size, for the next parser of this decoder. */
    private static Object freshBuffers(Class<?> pool) {
        char[][] spare = {null};
        return Proxy.newProxyInstance(pool.getClassLoader(), new Class<?>[] {pool}, (proxy, method, args) ->
                switch (method.getName()) {
                    case "take" -> {
                        char[] buffer = spare[0] != null ? spare[0] : new char[BUFFER_CHARS];
                        spare[0] = null;
                        yield buffer;
                    }
                    case "recycle" -> {
                        char[] buffer = (char[]) args[0];
                        if (buffer.length == BUFFER_CHARS) {
                            spare[0] = buffer;
                        }
                        yield null;
                    }
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> "fresh 4096-char Parsson buffers";
                });
    }
}
