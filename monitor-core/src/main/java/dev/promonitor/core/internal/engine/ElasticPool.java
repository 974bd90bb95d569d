package dev.promonitor.core.internal.engine;

import static java.util.Objects.requireNonNull;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * A pool of daemon threads that grows only when its tasks are held up: another thread starts when
 * a queued task has waited a short delay while no worker makes progress, so that a burst of tasks
 * that each take microseconds runs on one thread, and tasks that block still get threads quickly.
 * It grows by one thread for each thread lent out to a call that does not return, and its base
 * size can change (a reload that adds exporters).
 *
 * <p>A worker makes progress while its current task is younger than {@link #BLOCKED_NANOS}, or
 * younger than {@link #RUNNING_NANOS} when its thread is runnable (on a CPU, or in a native call
 * such as a socket read, which the JVM cannot tell apart) or blocked on entering a monitor. While workers make progress, one more
 * thread starts when the oldest queued task has waited the delay all the same, up to one per
 * processor, so that a long burst of short tasks uses the machine's cores; not when what is left
 * would take less than the delay at the recent tasks' pace, so that a short burst keeps to one
 * thread on a busy machine too. The checks run on the
 * host's timer, only while tasks are queued; a check that runs late (a pause of the JVM, a starved
 * machine) trusts only threads that wait. Idle workers wait on a stack, so that the most recently
 * used one takes the next task and the others end after {@link #KEEP_ALIVE_NANOS}.
 *
 * <p>A task that its caller expects to block (the next run of an exporter whose last run held its
 * thread for {@link #RUNNING_NANOS} or longer) does not wait for the delay: it gets an idle or a
 * new thread at once, up to the size. And since the JVM starts threads one at a time, tens of
 * microseconds each, a caller that knows tasks are coming that may block (a host starting its
 * exporters) can {@link #prestart} threads for them, which the growth then hands them to; unused,
 * they end after the keep-alive. Idle threads wait for their task without the lock, so that a
 * hand-over of a hundred tasks does not wake a hundred threads that then queue on it one after
 * another.
 *
 * <p>The JDK's {@link java.util.concurrent.ThreadPoolExecutor} grows on submission only (a thread
 * per task up to its core size even when others are idle, and none past it before its queue is
 * full), and its idle threads end by their own decision outside of the queue's lock, which is how
 * a task could be left queued with no thread to run it. Here every decision (hand a task over,
 * queue it, start a thread, end an idle one) is taken under one lock, and only an idle thread ends,
 * so a queued task always has a busy thread ahead of it, or a growth check pending.
 *
 * <p>Past 400 lines on purpose: one lock guards every decision, and the invariant that no queued
 * task is left without a thread is checked more easily in one file than across several.
 */
final class ElasticPool {

  /** How long an idle thread waits for work before it ends, so that bursts leave no threads. */
  static final long KEEP_ALIVE_NANOS = TimeUnit.SECONDS.toNanos(5);

  /** How long a task may hold a waiting thread (sleep, park, wait) before others may start. */
  static final long BLOCKED_NANOS = 2_000_000L;

  /**
   * How long a task may hold a thread that is runnable, or blocked on entering a monitor (a
   * contention that adding threads would not help), before others may start.
   */
  static final long RUNNING_NANOS = 20_000_000L;

  /** Checks fall on the timer's whole milliseconds, as the scheduler's wake-ups do. */
  private static final long GRID_NANOS = 1_000_000L;

  private final ThreadFactory factory;
  private final TaskTimer timer;
  private final long keepAliveNanos;
  private final int parallelism;
  private final ReentrantLock lock = new ReentrantLock();
  // All guarded by lock.
  private final ArrayDeque<Queued> queue = new ArrayDeque<>();
  private final ArrayDeque<Worker> idle = new ArrayDeque<>();
  private final List<Worker> busy = new ArrayList<>();
  private int threads;
  private int base;
  private int lent;
  private long growthCheckAt = -1;
  /** The recent tasks' mean time from hand-over to end, or -1 before the first one ended. */
  private long taskNanos = -1;
  private boolean idleCheckArmed;
  private boolean shutdown;
  private boolean stopped;

  ElasticPool(String name, int size, TaskTimer timer) {
    this(Threads.daemonFactory(name, true), size, timer, KEEP_ALIVE_NANOS,
        Runtime.getRuntime().availableProcessors());
  }

  ElasticPool(ThreadFactory factory, int size, TaskTimer timer, long keepAliveNanos, int parallelism) {
    if (size < 1) {
      throw new IllegalArgumentException("size: Expecting value > 0. Found: " + size);
    }
    this.factory = factory;
    this.timer = timer;
    this.keepAliveNanos = keepAliveNanos;
    this.parallelism = parallelism;
    this.base = size;
  }

  private record Queued(Runnable task, long sinceNanos) {}

  /**
   * Runs a task on one of the threads: on an idle or a new one at once when no worker makes
   * progress, else after the tasks queued before it.
   *
   * @throws RejectedExecutionException when the pool was shut down
   */
  void execute(Runnable task) {
    executeAll(List.of(task), List.of());
  }

  /**
   * Runs a task as {@link #execute(Runnable)} does, or, when it is expected to block, on a thread
   * of its own at once as {@link #executeAll(List, List)} does.
   *
   * @throws RejectedExecutionException when the pool was shut down
   */
  void execute(Runnable task, boolean blocking) {
    executeAll(blocking ? List.of() : List.of(task), blocking ? List.of(task) : List.of());
  }

  /**
   * Runs tasks in order, waking at most one thread for them: those that take microseconds run one
   * after another on it, and a task that holds it up makes the pool grow for the others.
   *
   * @throws RejectedExecutionException when the pool was shut down
   */
  void executeAll(List<Runnable> tasks) {
    executeAll(tasks, List.of());
  }

  /**
   * Runs short tasks as {@link #executeAll(List)} does, and gives each task that is expected to
   * block a thread of its own at once, an idle one or a new one, up to the size; those past the
   * size wait after the short ones.
   *
   * @param tasks tasks expected to take microseconds, in order
   * @param blocking tasks expected to hold their thread for longer than the delay
   * @throws RejectedExecutionException when the pool was shut down
   */
  void executeAll(List<Runnable> tasks, List<Runnable> blocking) {
    if (tasks.isEmpty() && blocking.isEmpty()) {
      return;
    }
    List<Worker> fresh;
    lock.lock();
    try {
      if (shutdown) {
        throw new RejectedExecutionException("the pool is shut down");
      }
      long now = timer.nanoTime();
      for (Runnable task : tasks) {
        queue.add(new Queued(task, now));
      }
      fresh = !tasks.isEmpty() && progressing(now, false) == 0 ? handOver(1, now) : new ArrayList<>();
      for (Runnable task : blocking) {
        if (!assign(task, now, fresh)) {
          queue.add(new Queued(task, now));
        }
      }
      armGrowthCheck(now + BLOCKED_NANOS, now);
    } finally {
      lock.unlock();
    }
    startAll(fresh);
  }

  /**
   * Starts threads ahead of tasks that may block, so that {@code count} threads are
   * alive, busy or idle, at most the size: the new ones wait for tasks as idle threads do, and end
   * after {@link #KEEP_ALIVE_NANOS} if none comes. Starting threads takes the JVM tens of
   * microseconds each, one at a time; done ahead, it keeps the tasks from waiting for it. A thread
   * that cannot start (out of native memory) is left for the tasks to try again.
   *
   * @param count how many threads the coming tasks need
   */
  void prestart(int count) {
    List<Worker> fresh = new ArrayList<>();
    lock.lock();
    try {
      if (shutdown) {
        return;
      }
      long now = timer.nanoTime();
      for (int target = Math.min(count, base + lent); threads < target; threads++) {
        Worker worker = new Worker(null, now);
        worker.becomeIdle(now);
        fresh.add(worker);
      }
    } finally {
      lock.unlock();
    }
    try {
      startAll(fresh);
    } catch (OutOfMemoryError noThread) {
      // The threads that started wait for tasks; the tasks start the others when they come.
    }
  }

  /** One thread is stuck: another one may start meanwhile, at once when tasks wait. */
  void lend() {
    List<Worker> fresh;
    lock.lock();
    try {
      lent++;
      long now = timer.nanoTime();
      fresh = handOver(1, now);
      armGrowthCheck(now + BLOCKED_NANOS, now);
    } finally {
      lock.unlock();
    }
    startAll(fresh);
  }

  /** A stuck thread is back; a thread beyond the size ends after its task. */
  void giveBack() {
    lock.lock();
    try {
      lent = Math.max(0, lent - 1);
    } finally {
      lock.unlock();
    }
  }

  /** Sets the size that the pool has with no thread lent out, 1 or more. */
  void resize(int size) {
    if (size < 1) {
      throw new IllegalArgumentException("size: Expecting value > 0. Found: " + size);
    }
    lock.lock();
    try {
      base = size;
      long now = timer.nanoTime();
      armGrowthCheck(now, now);
    } finally {
      lock.unlock();
    }
  }

  int size() {
    lock.lock();
    try {
      return base + lent;
    } finally {
      lock.unlock();
    }
  }

  /** The threads alive now, idle ones included. */
  int threads() {
    lock.lock();
    try {
      return threads;
    } finally {
      lock.unlock();
    }
  }

  /** Takes no more tasks; the queued ones still run, then the threads end. */
  void shutdown() {
    lock.lock();
    try {
      shutdown = true;
      if (queue.isEmpty()) {
        releaseIdle();
      }
    } finally {
      lock.unlock();
    }
  }

  /** Takes no more tasks, drops the queued ones and interrupts the running ones. */
  void shutdownNow() {
    lock.lock();
    try {
      shutdown = true;
      stopped = true;
      queue.clear();
      releaseIdle();
      busy.forEach(worker -> worker.thread.interrupt());
    } finally {
      lock.unlock();
    }
  }

  /**
   * The busy workers that are not held up by their task; when {@code late}, only a thread that
   * waits counts as held up. Guarded by lock.
   */
  private int progressing(long now, boolean late) {
    int count = 0;
    for (Worker worker : busy) {
      long age = now - worker.taskSinceNanos;
      if (!worker.inTask || age < BLOCKED_NANOS) {
        count++; // between two tasks (waiting for this lock, say), or in a young one
        continue;
      }
      Thread.State state = worker.thread.getState();
      boolean waits = state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING;
      if (!waits && (late || age < RUNNING_NANOS)) {
        count++;
      }
    }
    return count;
  }

  /**
   * How many threads may start for the tasks that waited when no worker makes progress: one each
   * when every busy worker waits (sleeps, parks, waits on a monitor), as workers blocked in calls
   * do; else one per held-up worker, doubling the pool at each check, as a long computation, a
   * socket read or a contended lock may be over soon. Guarded by lock.
   */
  private int growthFor(int waited) {
    for (Worker worker : busy) {
      Thread.State state = worker.thread.getState();
      if (state != Thread.State.WAITING && state != Thread.State.TIMED_WAITING) {
        return Math.min(waited, busy.size());
      }
    }
    return waited;
  }

  /**
   * Hands up to {@code count} queued tasks to idle threads, then to new ones, which the caller
   * starts once it has let go of the lock; guarded by lock.
   */
  private List<Worker> handOver(int count, long now) {
    List<Worker> fresh = new ArrayList<>();
    for (int i = 0; i < count && !queue.isEmpty(); i++) {
      if (!assign(queue.peek().task(), now, fresh)) {
        break;
      }
      queue.poll();
    }
    return fresh;
  }

  /**
   * Gives a task to an idle thread, or to a new one (added to {@code fresh}, for the caller to
   * start once it has let go of the lock) while the pool is under its size; guarded by lock.
   *
   * @return false when every thread is busy and the pool is at its size
   */
  private boolean assign(Runnable task, long now, List<Worker> fresh) {
    Worker worker = idle.pollFirst();
    if (worker != null) {
      worker.give(task, now);
      return true;
    }
    if (threads >= base + lent) {
      return false;
    }
    worker = new Worker(task, now);
    busy.add(worker);
    threads++;
    fresh.add(worker);
    return true;
  }

  /** Starts new workers, outside of the lock; one that cannot start gives its task back. */
  private void startAll(List<Worker> fresh) {
    for (int i = 0; i < fresh.size(); i++) {
      try {
        fresh.get(i).thread.start();
      } catch (Throwable failure) {
        lock.lock();
        try {
          // No thread for them (out of native memory): their tasks go back to the queue's head.
          for (int j = fresh.size() - 1; j >= i; j--) {
            Worker unstarted = fresh.get(j);
            if (unstarted.released) {
              continue; // started idle and ended by the idle check: no longer counted
            }
            unstarted.released = true;
            threads--;
            if (busy.remove(unstarted)) {
              queue.addFirst(new Queued(requireNonNull(unstarted.task), unstarted.taskSinceNanos));
            } else {
              idle.remove(unstarted);
            }
          }
        } finally {
          lock.unlock();
        }
        throw failure;
      }
    }
  }

  /** A growth check at {@code at} or on the grid after it, while tasks wait; guarded by lock. */
  private void armGrowthCheck(long at, long now) {
    if (growthCheckAt >= 0 || stopped || queue.isEmpty() || (idle.isEmpty() && threads >= base + lent)) {
      return;
    }
    long rounded = Math.max(at, now);
    rounded += Math.floorMod(-rounded, GRID_NANOS);
    if (schedule(this::growthCheck, rounded - now)) {
      growthCheckAt = rounded;
    }
  }

  /**
   * On the timer: when no worker makes progress, every task that has waited the delay goes to a
   * thread of its own (an idle one first), up to the size; at least the oldest does.
   */
  private void growthCheck() {
    List<Worker> fresh = List.of();
    lock.lock();
    try {
      long now = timer.nanoTime();
      boolean late = now - growthCheckAt > GRID_NANOS;
      growthCheckAt = -1;
      if (stopped || queue.isEmpty()) {
        return;
      }
      int progressing = progressing(now, late);
      boolean headWaited = now - queue.peek().sinceNanos() >= BLOCKED_NANOS;
      if (progressing == 0) {
        int waited = 0;
        for (Iterator<Queued> it = queue.iterator(); it.hasNext(); waited++) {
          if (now - it.next().sinceNanos() < BLOCKED_NANOS) {
            break;
          }
        }
        fresh = handOver(Math.max(1, growthFor(waited)), now);
      } else if (progressing < parallelism && headWaited && !late
          && backlogNanos(progressing) >= BLOCKED_NANOS) {
        // The workers make progress, but not fast enough for the queue: another processor helps,
        // unless what is left would take them less than the delay (a burst of short runs).
        fresh = handOver(1, now);
      }
      // Again when the youngest task in progress has run the delay, or a delay from now.
      long next = now + BLOCKED_NANOS;
      for (Worker worker : busy) {
        if (now - worker.taskSinceNanos < BLOCKED_NANOS) {
          next = Math.min(next, worker.taskSinceNanos + BLOCKED_NANOS);
        }
      }
      armGrowthCheck(next, now);
    } finally {
      lock.unlock();
    }
    startAll(fresh);
  }

  /**
   * How long the queued tasks would take the workers that make progress, at the recent tasks'
   * pace; unknown before a task has ended, which counts as long. Guarded by lock.
   */
  private long backlogNanos(int progressing) {
    if (taskNanos < 0) {
      return Long.MAX_VALUE;
    }
    return queue.size() * taskNanos / progressing;
  }

  /** Takes a task's time into the recent tasks' mean; guarded by lock. */
  private void recordTaskTime(long nanos) {
    long sample = Math.max(0, nanos);
    taskNanos = taskNanos < 0 ? sample : taskNanos + (sample - taskNanos) / 8;
  }

  /** An idle check when the longest idle worker reaches the keep-alive; guarded by lock. */
  private void armIdleCheck(long now) {
    Worker oldest = idle.peekLast();
    if (!idleCheckArmed && oldest != null) {
      idleCheckArmed = schedule(this::idleCheck, oldest.idleSinceNanos + keepAliveNanos - now);
    }
  }

  /** On the timer: ends the workers idle for the keep-alive, the least recently used first. */
  private void idleCheck() {
    lock.lock();
    try {
      idleCheckArmed = false;
      long now = timer.nanoTime();
      Worker oldest;
      while ((oldest = idle.peekLast()) != null && now - oldest.idleSinceNanos >= keepAliveNanos) {
        idle.pollLast().release();
      }
      armIdleCheck(now);
    } finally {
      lock.unlock();
    }
  }

  /** Schedules a check; false when the timer has already been shut down with the host. */
  private boolean schedule(Runnable check, long delayNanos) {
    try {
      timer.schedule(check, delayNanos);
      return true;
    } catch (RejectedExecutionException timerShutDown) {
      return false;
    }
  }

  /** Ends every idle worker; guarded by lock. */
  private void releaseIdle() {
    Worker worker;
    while ((worker = idle.pollFirst()) != null) {
      worker.release();
    }
  }

  /** One thread of the pool, the task it was handed, and since when. */
  private final class Worker implements Runnable {
    private final Thread thread = factory.newThread(this);
    // Written under lock; task and released are read without it by the idle thread, which then
    // takes its task without waiting for the lock (a hand-over of 100 tasks would wake 100 threads
    // that queue on the lock one by one), and inTask is written by the thread alone.
    private volatile @Nullable Runnable task;
    private long taskSinceNanos;
    private long idleSinceNanos;
    private volatile boolean released;
    private volatile boolean inTask;

    Worker(@Nullable Runnable first, long now) {
      task = first;
      taskSinceNanos = now;
    }

    /** Hands a task to this worker, taken off the idle stack; guarded by lock. */
    void give(Runnable next, long now) {
      task = next;
      taskSinceNanos = now;
      busy.add(this);
      LockSupport.unpark(thread);
    }

    /** Ends this worker, taken off the idle stack: it no longer counts. Guarded by lock. */
    void release() {
      released = true;
      threads--;
      LockSupport.unpark(thread);
    }

    @Override
    public void run() {
      // Started ahead of its tasks (prestart), it waits on the idle stack like any idle thread.
      Runnable current = task != null ? task : awaitTask();
      try {
        while (current != null) {
          // An interrupt meant for the previous task does not reach the next one.
          if (Thread.interrupted() && stopped) {
            Thread.currentThread().interrupt();
          }
          inTask = true;
          current.run();
          inTask = false;
          current = next();
        }
      } catch (Throwable failure) {
        died();
        throw failure;
      }
    }

    /** The next task for this thread, or null when it ends; waits while it is idle. */
    private @Nullable Runnable next() {
      lock.lock();
      try {
        if (!takeNext()) {
          return task;
        }
      } finally {
        lock.unlock();
      }
      // Idle: waits without the lock, so that a hand-over wakes this thread straight into its task.
      return awaitTask();
    }

    /**
     * Takes the next queued task, or ends this worker, or puts it on the idle stack; guarded by
     * lock.
     *
     * @return true when the worker is idle and must wait for a task; else {@link #task} is the
     *     next task, or null when the worker ends
     */
    private boolean takeNext() {
      task = null;
      long now = timer.nanoTime();
      recordTaskTime(now - taskSinceNanos);
      if (threads > base + lent && !idle.isEmpty()) {
        // Over the size since a lent thread came back: an idle thread ends rather than this one.
        idle.pollLast().release();
      }
      Queued queued = threads > base + lent && !stopped ? null : queue.poll();
      if (queued != null) {
        taskSinceNanos = now;
        task = queued.task();
        return false;
      }
      busy.remove(this);
      if (shutdown || threads > base + lent) {
        // Shut down, or over the size since a lent thread came back: this one ends.
        if (shutdown && queue.isEmpty()) {
          releaseIdle();
        }
        threads--;
        return false;
      }
      becomeIdle(now);
      return true;
    }

    /** Goes on top of the idle stack, to end after the keep-alive; guarded by lock. */
    private void becomeIdle(long now) {
      idleSinceNanos = now;
      idle.push(this);
      armIdleCheck(now);
    }

    /**
     * Waits, off the idle stack's lock, for a task or for the end; keeps an interrupt for the
     * thread's status, as the task loop decides whether it reaches the next task.
     */
    private @Nullable Runnable awaitTask() {
      boolean interrupted = false;
      Runnable handed;
      while ((handed = task) == null && !released) {
        LockSupport.park(this);
        interrupted |= Thread.interrupted();
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
      return handed;
    }

    /** The task threw (a fatal error, thrown on to the thread's handler): the queue stays served. */
    private void died() {
      List<Worker> fresh = List.of();
      lock.lock();
      try {
        busy.remove(this);
        threads--;
        long now = timer.nanoTime();
        if (!stopped && progressing(now, false) == 0) {
          fresh = handOver(1, now);
        }
        armGrowthCheck(now + BLOCKED_NANOS, now);
      } finally {
        lock.unlock();
      }
      try {
        startAll(fresh);
      } catch (Throwable noThread) {
        // No replacement could start; the next submission or growth check tries again.
      }
    }
  }
}
