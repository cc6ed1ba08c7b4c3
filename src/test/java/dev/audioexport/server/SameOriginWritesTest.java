package dev.audioexport.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Which requests the server refuses as cross-site writes (CSRF), header by header. */
class SameOriginWritesTest {

    private static final String HOST = "127.0.0.1:8080";
    private static final String JSON = "application/json";

    @Test
    void readsAreNeverRefused() {
        assertNull(SameOriginWrites.refusal("GET", "cross-site", "http://evil.example", HOST, null));
        assertNull(SameOriginWrites.refusal("HEAD", "cross-site", null, HOST, null));
    }

    @Test
    void theConsolesOwnPostsAndClientsThatAreNotBrowsersGoOn() {
        assertNull(SameOriginWrites.refusal("POST", "same-origin", "http://127.0.0.1:8080", HOST, JSON));
        assertNull(SameOriginWrites.refusal("POST", null, null, HOST, "application/json; charset=utf-8"));
        assertNull(SameOriginWrites.refusal("POST", null, null, HOST, "application/xml"));
        assertNull(SameOriginWrites.refusal("POST", null, "https://ops.example.org", "ops.example.org", JSON));
        assertNull(SameOriginWrites.refusal("POST", null, "http://ops.example.org", "OPS.example.org:80", JSON));
    }

    @Test
    void aBrowserSayingTheRequestCameFromAnotherSiteIsRefused() {
        for (String site : new String[] {"cross-site", "same-site", "none"}) {
            String refusal = SameOriginWrites.refusal("POST", site, null, HOST, JSON);
            assertEquals("Refused: the browser says this POST came from another site (Sec-Fetch-Site: " + site
                    + "). Actions are taken from this server's own pages or by clients that are not browsers.", refusal);
        }
    }

    @Test
    void anOriginOtherThanThisServerIsRefused() {
        assertTrue(SameOriginWrites.refusal("POST", null, "http://evil.example", HOST, JSON)
                .startsWith("Refused: this POST came from the page of http://evil.example, not from this server (127.0.0.1:8080)"));
        assertTrue(SameOriginWrites.refusal("POST", null, "http://127.0.0.1:9999", HOST, JSON).startsWith("Refused"));
        assertTrue(SameOriginWrites.refusal("POST", null, "http://localhost:8080", HOST, JSON).startsWith("Refused"));
        assertTrue(SameOriginWrites.refusal("POST", null, "null", HOST, JSON).startsWith("Refused"), "a sandboxed page");
        assertTrue(SameOriginWrites.refusal("DELETE", null, "http://evil.example", HOST, JSON).startsWith("Refused"));
    }

    @Test
    void aBodyThatAnHtmlFormCanSendIsRefused() {
        for (String type : new String[] {"text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"}) {
            assertTrue(SameOriginWrites.refusal("POST", null, null, HOST, type)
                    .startsWith("Refused: a POST must have the header Content-Type: application/json"), type);
        }
        assertTrue(SameOriginWrites.refusal("POST", null, null, HOST, null).endsWith("it had none."));
    }
}
