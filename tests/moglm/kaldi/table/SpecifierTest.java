package moglm.kaldi.table;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SpecifierTest {
    @Test void rspecifiers() {
        Rspecifier r = Rspecifier.parse("ark:gunzip -c lat.1.gz|");
        assertEquals(Rspecifier.Kind.ARCHIVE, r.kind());
        assertEquals("gunzip -c lat.1.gz|", r.rxfilename());
        assertEquals(KaldiIo.InputKind.PIPE, KaldiIo.classifyInput(r.rxfilename()));
        r = Rspecifier.parse("ark,s,cs:-");
        assertTrue(r.sorted() && r.calledSorted() && !r.permissive() && !r.once());
        assertEquals(KaldiIo.InputKind.STANDARD_INPUT, KaldiIo.classifyInput(r.rxfilename()));
        r = Rspecifier.parse("scp,p,o:feats.scp");
        assertEquals(Rspecifier.Kind.SCRIPT, r.kind());
        assertTrue(r.permissive() && r.once());
        assertTrue(Rspecifier.parse("ark,t,b,bg,np,ns,ncs,no:x").background());
        assertEquals(KaldiIo.InputKind.OFFSET_FILE, KaldiIo.classifyInput("a.ark:1234"));
        assertEquals(KaldiIo.InputKind.FILE, KaldiIo.classifyInput("a:b.ark"));
        for (String bad : new String[] {"lat.1.gz", "ark", "ark,scp:x", "foo:x", "ark,q:x", ":x", "ark:|gzip -c"}) {
            assertFalse(Rspecifier.isValid(bad), bad);
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Rspecifier.parse("ark,x:-"));
        assertEquals("invalid rspecifier 'ark,x:-': unknown option 'x'", e.getMessage());
    }

    @Test void wspecifiers() {
        Wspecifier w = Wspecifier.parse("ark:|gzip -c > out/lat.1.gz");
        assertEquals(Wspecifier.Kind.ARCHIVE, w.kind());
        assertTrue(w.binary());
        assertEquals(KaldiIo.OutputKind.PIPE, KaldiIo.classifyOutput(w.arkWxfilename()));
        w = Wspecifier.parse("ark,t:out.txt");
        assertFalse(w.binary());
        w = Wspecifier.parse("ark,scp,t,f:a.ark,a.scp");
        assertEquals(Wspecifier.Kind.BOTH, w.kind());
        assertEquals("a.ark", w.arkWxfilename());
        assertEquals("a.scp", w.scpWxfilename());
        assertEquals(Boolean.TRUE, w.flush());
        assertEquals(Wspecifier.Kind.SCRIPT, Wspecifier.parse("scp:list.scp").kind());
        assertEquals(KaldiIo.OutputKind.STANDARD_OUTPUT, KaldiIo.classifyOutput(Wspecifier.parse("ark,t:-").arkWxfilename()));
        for (String bad : new String[] {"out.ark", "ark,scp:a.ark", "ark,z:x", "ark:gunzip -c x|", "ark:a.ark:12"}) {
            assertThrows(IllegalArgumentException.class, () -> Wspecifier.parse(bad), bad);
        }
    }
}
