package dev.promonitor.core.internal.engine;

/**
 * Told when a run ignores the interrupt at its timeout and its thread is given up on, and when
 * that thread finally returns, so that the pool can replace it for the others meanwhile.
 */
interface ThreadAbandonment {

  /** For runs that hold no pool thread (asynchronous exports in the async mode). */
  ThreadAbandonment NONE =
      new ThreadAbandonment() {
        @Override
        public void abandoned(ExporterInstance instance, Thread thread) {}

        @Override
        public void returned(ExporterInstance instance, Thread thread) {}
      };

  /**
   * A run's thread is stuck past its timeout and the interrupt.
   *
   * @param instance the instance whose run is stuck
   * @param thread the stuck thread
   */
  void abandoned(ExporterInstance instance, Thread thread);

  /**
   * An abandoned thread's run has finally returned.
   *
   * @param instance the instance whose run returned
   * @param thread the thread, free again
   */
  void returned(ExporterInstance instance, Thread thread);
}
