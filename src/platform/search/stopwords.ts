import type { Locale } from '../i18n/locales.ts';

/**
 * Stop words per language (after accent folding and lower-casing), based on the Snowball
 * project's lists. They are left out of the index and of queries: they would match almost every
 * text and only slow matching down. A phrase keeps its order without them ("right to work"
 * matches "right of work" too), as in most search engines.
 */
const LISTS: Record<Locale, string> = {
  en: `i me my myself we our ours ourselves you your yours yourself yourselves he him his himself she her hers
    herself it its itself they them their theirs themselves what which who whom this that these those am is are
    was were be been being have has had having do does did doing would should could ought a an the and but if or
    because as until while of at by for with about against between into through during before after above below
    to from up down in out on off over under again further then once here there when where why how all any both
    each few more most other some such no nor not only own same so than too very s t can will just don now ll re
    ve d m o y shall may might must also`,
  es: `de la que el en y a los del se las por un para con no una su al lo como mas pero sus le ya o este si porque
    esta entre cuando muy sin sobre tambien me hasta hay donde quien desde todo nos durante todos uno les ni contra
    otros ese eso ante ellos e esto mi antes algunos que unos yo otro otras otra el tanto esa estos mucho quienes
    nada muchos cual poco ella estar estas algunas algo nosotros mi mis tu te ti tu tus ellas nosotras vosotros
    vosotras os mio mia mios mias tuyo tuya tuyos tuyas suyo suya suyos suyas nuestro nuestra nuestros nuestras
    vuestro vuestra vuestros vuestras esos esas estoy estas esta estamos estais estan este estes estemos esteis
    esten estare estaras estara estaremos estareis estaran estaria estarias estariamos estariais estarian estaba
    estabas estabamos estabais estaban estuve estuviste estuvo estuvimos estuvisteis estuvieron he has ha hemos
    habeis han haya hayas hayamos hayais hayan habre habras habra habremos habreis habran habria habrias
    habriamos habriais habrian habia habias habiamos habiais habian hube hubiste hubo hubimos hubisteis hubieron
    soy eres es somos sois son sea seas seamos seais sean sere seras sera seremos sereis seran seria serias
    seriamos seriais serian era eras eramos erais eran fui fuiste fue fuimos fuisteis fueron tengo tienes tiene
    tenemos teneis tienen tenga tengas tengamos tengais tengan tendre tendras tendra tendremos tendreis tendran
    tendria tendrias tendriamos tendriais tendrian tenia tenias teniamos teniais tenian tuve tuviste tuvo tuvimos
    tuvisteis tuvieron`,
  fr: `au aux avec ce ces dans de des du elle en et eux il ils je la le les leur lui ma mais me meme mes moi mon ne
    nos notre nous on ou par pas pour qu que qui sa se ses son sur ta te tes toi ton tu un une vos votre vous c d
    j l a m n s t y ete etee etees etes etant etante etants etantes suis es est sommes etes sont serai seras sera
    serons serez seront serais serait serions seriez seraient etais etait etions etiez etaient fus fut fumes futes
    furent sois soit soyons soyez soient fusse fusses fussions fussiez fussent ayant ayante ayantes ayants eu eue
    eues eus ai as avons avez ont aurai auras aura aurons aurez auront aurais aurait aurions auriez auraient avais
    avait avions aviez avaient eut eumes eutes eurent aie aies ait ayons ayez aient eusse eusses eut eussions
    eussiez eussent`,
  pt: `de a o que e do da em um para com nao uma os no se na por mais as dos como mas ao ele das a seu sua ou quando
    muito nos ja eu tambem so pelo pela ate isso ela entre depois sem mesmo aos seus quem nas me esse eles voce
    essa num nem suas meu minha numa pelos elas qual nos lhe deles essas esses pelas este dele tu te voces vos
    lhes meus minhas teu tua teus tuas nosso nossa nossos nossas dela delas esta estes estas aquele aquela aqueles
    aquelas isto aquilo estou esta estamos estao estive esteve estivemos estiveram estava estavamos estavam
    estivera estiveramos esteja estejamos estejam estivesse estivessemos estivessem estiver estivermos estiverem
    hei ha havemos hao houve houvemos houveram houvera houveramos haja hajamos hajam houvesse houvessemos
    houvessem houver houvermos houverem houverei houvera houveremos houverao houveria houveriamos houveriam sou
    somos sao era eramos eram fui foi fomos foram fora foramos seja sejamos sejam fosse fossemos fossem for formos
    forem serei sera seremos serao seria seriamos seriam tenho tem temos tem tinha tinhamos tinham tive teve
    tivemos tiveram tivera tiveramos tenha tenhamos tenham tivesse tivessemos tivessem tiver tivermos tiverem
    terei tera teremos terao teria teriamos teriam`,
};

export const STOP_WORDS: Record<Locale, ReadonlySet<string>> = Object.fromEntries(
  Object.entries(LISTS).map(([locale, list]) => [locale, new Set(list.split(/\s+/).filter(Boolean))]),
) as unknown as Record<Locale, ReadonlySet<string>>;
