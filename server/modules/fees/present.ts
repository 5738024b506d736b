/** A fee collected, as shown on the dossier and the receipt. */
export const presentFee = (f: { id: string; name: string; amount: number | string; receipt_number: string; paid_at: Date }) => ({
  id: f.id, name: f.name, amount: Number(f.amount), receiptNumber: f.receipt_number, paidAt: f.paid_at.toISOString(),
});
