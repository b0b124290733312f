package io.proxywatch.collector.divergence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * The transitions of regional incidents as one table, and the check every transition table uses: every (state, move)
 * pair either lands in one state or is refused, and a refused move changes nothing. (Target episodes have no
 * withdraw: a pending one converges and waits out the cool-down, see EpisodeTest.)
 */
final class TransitionTable {
  enum Move { OBSERVE, FIRE, WITHDRAW, CONVERGE, REOPEN, RESOLVE }

  private TransitionTable() {}

  static Stream<Arguments> rows() {
    EpisodeState P = EpisodeState.PENDING, F = EpisodeState.FIRING, C = EpisodeState.CONVERGED, R = EpisodeState.RESOLVED;
    return Stream.of(
        Arguments.of(P, Move.OBSERVE, P), Arguments.of(P, Move.FIRE, F), Arguments.of(P, Move.WITHDRAW, R),
        Arguments.of(P, Move.CONVERGE, null), Arguments.of(P, Move.REOPEN, null), Arguments.of(P, Move.RESOLVE, null),
        Arguments.of(F, Move.OBSERVE, F), Arguments.of(F, Move.FIRE, null), Arguments.of(F, Move.WITHDRAW, null),
        Arguments.of(F, Move.CONVERGE, C), Arguments.of(F, Move.REOPEN, null), Arguments.of(F, Move.RESOLVE, null),
        Arguments.of(C, Move.OBSERVE, null), Arguments.of(C, Move.FIRE, null), Arguments.of(C, Move.WITHDRAW, null),
        Arguments.of(C, Move.CONVERGE, null), Arguments.of(C, Move.REOPEN, F), Arguments.of(C, Move.RESOLVE, R),
        Arguments.of(R, Move.OBSERVE, null), Arguments.of(R, Move.FIRE, null), Arguments.of(R, Move.WITHDRAW, null),
        Arguments.of(R, Move.CONVERGE, null), Arguments.of(R, Move.REOPEN, null), Arguments.of(R, Move.RESOLVE, null));
  }

  /** Makes the move from {@code from}; expects {@code to}, or (null) a refusal naming the state. */
  static void check(EpisodeState from, EpisodeState to, Runnable move, Supplier<EpisodeState> state) {
    if (to == null) {
      assertThatThrownBy(move::run).isInstanceOf(IllegalStateException.class).hasMessageContaining("is " + from.label());
      assertThat(state.get()).as("a refused step changes nothing").isEqualTo(from);
    } else {
      move.run();
      assertThat(state.get()).isEqualTo(to);
    }
  }
}
