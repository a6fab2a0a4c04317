package city.ordos.plan.producers.sim;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/** Deterministic randomness: every decision draws from a generator named by the seed and what it decides. */
final class Seeds {

    private Seeds() {}

    static long hash(long seed, String name) {
        long h = 0xcbf29ce484222325L ^ seed;
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        // finalise (splitmix64) so that similar names give unrelated streams
        h ^= h >>> 30;
        h *= 0xbf58476d1ce4e5b9L;
        h ^= h >>> 27;
        h *= 0x94d049bb133111ebL;
        h ^= h >>> 31;
        return h;
    }

    static SplittableRandom random(long seed, String name) {
        return new SplittableRandom(hash(seed, name));
    }

    /** A uniform number in [0, 1) fixed by the seed and the name. */
    static double uniform(long seed, String name) {
        return (hash(seed, name) >>> 11) * 0x1.0p-53;
    }
}
