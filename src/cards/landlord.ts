import type { Translate } from "../core/i18n.ts";

/** A landlord as cards show it: the listed name, or "propriétaire privé" with the territory's reference, never a name. */
export function landlordLabel(t: Translate, landlord: string, privateOwnerRef: string | null): string {
  if (landlord) return landlord;
  return privateOwnerRef ? t("common:private_owner_ref", { ref: privateOwnerRef }) : t("common:private_owner");
}
