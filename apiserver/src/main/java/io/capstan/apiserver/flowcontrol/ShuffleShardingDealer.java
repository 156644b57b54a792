package io.capstan.apiserver.flowcontrol;

import java.util.function.IntConsumer;

/**
 * Upstream's {@code shufflesharding.Dealer}: deals a hand of {@code handSize} distinct cards (queue
 * indices) out of a deck of {@code deckSize} from a flow's 64-bit hash, so that flows rarely share their
 * whole hand and one flow's queues seldom hold up another flow.
 */
public record ShuffleShardingDealer(int deckSize, int handSize) {
    /** The largest hand upstream allows. */
    public static final int MAX_HAND_SIZE = 15;

    public ShuffleShardingDealer {
        if (deckSize <= 0 || handSize <= 0 || handSize > deckSize || handSize > MAX_HAND_SIZE) {
            throw new IllegalArgumentException("invalid deck size " + deckSize + " or hand size " + handSize);
        }
    }

    /** Calls {@code pick} with each card of the hand {@code hashValue} (read as unsigned) deals. */
    public void deal(long hashValue, IntConsumer pick) {
        int[] remainders = new int[handSize];
        for (int i = 0; i < handSize; i++) {
            long divisor = deckSize - i;
            long next = Long.divideUnsigned(hashValue, divisor);
            remainders[i] = (int) (hashValue - divisor * next);
            hashValue = next;
        }
        for (int i = 0; i < handSize; i++) {
            int card = remainders[i];
            for (int j = i; j > 0; j--) {
                if (card >= remainders[j - 1]) {
                    card++;
                }
            }
            pick.accept(card);
        }
    }
}
