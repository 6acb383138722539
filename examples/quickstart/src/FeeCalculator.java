public class FeeCalculator {
  /** Fee in cents for an amount in cents: 2% up to 1,000.00, 1.5% up to 10,000.00, else 1%. */
  public static long fee(long amountCents) {
    double rate;
    if (amountCents < 100_000) {
      rate = 0.02;
    } else if (amountCents <= 1_000_000) {
      rate = 0.015;
    } else {
      rate = 0.01;
    }
    return (long) (amountCents * rate);
  }
}
