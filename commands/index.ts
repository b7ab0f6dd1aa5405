import type { CommandModule } from "../src/core/command.ts";
import action from "./action.ts";
import aide from "./aide.ts";
import audit from "./audit.ts";
import avance from "./avance.ts";
import avances from "./avances.ts";
import bilan from "./bilan.ts";
import bilans from "./bilans.ts";
import candidature from "./candidature.ts";
import comite from "./comite.ts";
import config from "./config.ts";
import mesure from "./mesure.ts";
import mesures from "./mesures.ts";
import moi from "./moi.ts";
import rappels from "./rappels.ts";
import rapport from "./rapport.ts";
import rgpd from "./rgpd.ts";
import securisation from "./securisation.ts";
import situation from "./situation.ts";

/** Every command the bot serves, listed explicitly: platforms generate their commands from this. */
export const commands: readonly CommandModule[] = [
  aide,
  moi,
  mesures,
  candidature,
  mesure,
  bilan,
  bilans,
  situation,
  comite,
  action,
  securisation,
  avance,
  avances,
  rappels,
  rapport,
  audit,
  rgpd,
  config,
];
