// Common surnames and given names, so demo caregivers look like the workforce they stand for:
// mostly women in their forties and fifties, some young graduates.
export const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤'.split('');
export const FEMALE_GIVEN = ['秀英', '桂英', '秀兰', '玉兰', '桂兰', '秀珍', '凤英', '玉珍', '丽华', '美华', '春梅', '冬梅', '海燕', '红霞', '玉梅', '金凤', '小红', '丽娟', '晓燕', '慧敏', '静', '敏', '燕', '芳', '娟', '霞', '婷婷', '雪梅', '美玲', '淑珍'];
export const MALE_GIVEN = ['建国', '建华', '国强', '志强', '永红', '文明', '卫东', '海涛', '军', '勇', '伟', '强', '斌', '明', '建军', '德华', '志刚', '俊杰', '浩然', '子豪'];
