/** A small sample for the codex-par demo: tiered fees (with the defects the demo's agents find). */
public final class FeeCalculator {
  private FeeCalculator() {}

  /** 1% up to 5,000, then 0.5%. */
  static double fee(double amount) {
    if (amount < 5000) {
      return Math.round(amount * 0.01 * 100) / 100.0;
    }
    return Math.round((50 + (amount - 5000) * 0.005) * 100) / 100.0;
  }
}
